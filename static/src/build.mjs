// Builds everything the templates load into static/build/ (Django's STATICFILES_DIRS), from clean:
//
//   css/application.css        static/src/scss/application.scss compiled (GOV.UK Frontend + ours)
//   js/govuk-frontend.min.js   GOV.UK Frontend's ES module, imported by js/application.mjs
//   js/*.mjs, images/*         our own scripts and images, copied as they are
//
// Charts are server-rendered SVG with their numbers in a table beside them, so no chart library.
//
// No GOV.UK Frontend assets are copied: its fonts (GDS Transport) and images (crown, crest, GOV.UK
// icons) belong to GOV.UK alone. The build fails if the stylesheet refers to a font, to GDS
// Transport, or to a url() that is not in static/build/.
//
// Run with `npm run build`.
import { cp, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const src = path.join(root, "static", "src");
const out = path.join(root, "static", "build");
const modules = path.join(root, "node_modules");

const copies = [
  // [from, to] relative to node_modules and static/build; source maps go along so that the
  // sourceMappingURL comments resolve (ManifestStaticFilesStorage checks them at collectstatic).
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "js/govuk-frontend.min.js"],
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js.map", "js/govuk-frontend.min.js.map"],
];

async function exists(file) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function buildCss() {
  const result = sass.compile(path.join(src, "scss", "application.scss"), {
    style: "compressed",
    loadPaths: [modules],
    importers: [new sass.NodePackageImporter(root)],
    quietDeps: true,
  });
  const css = result.css;
  const problems = [];
  if (/GDS Transport/i.test(css)) problems.push('it names the "GDS Transport" font');
  if (/@font-face|\.woff2?\b/i.test(css)) problems.push("it declares or loads a web font");
  for (const [, quoted, bare] of css.matchAll(/url\(\s*(?:["']([^"']*)["']|([^)]*))\)/g)) {
    const url = (quoted ?? bare).trim();
    if (url.startsWith("data:") || url.startsWith("#")) continue;
    // Relative URLs resolve from css/; absolute ones must be under /static/.
    const target = url.startsWith("/static/")
      ? path.join(out, url.slice("/static/".length))
      : path.join(out, "css", url);
    if (!(await exists(target.split(/[?#]/)[0]))) problems.push(`url(${url}) is not in static/build/`);
  }
  if (problems.length) {
    throw new Error(`application.css is not fit to ship: ${problems.join("; ")}.`);
  }
  await mkdir(path.join(out, "css"), { recursive: true });
  await writeFile(path.join(out, "css", "application.css"), css + "\n");
}

async function copyOwn(folder) {
  const from = path.join(src, folder);
  if (await exists(from)) await cp(from, path.join(out, folder), { recursive: true });
}

async function sizes(dir, prefix = "") {
  const lines = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) lines.push(...(await sizes(full, `${prefix}${entry.name}/`)));
    else if (!entry.name.startsWith(".")) {
      lines.push([`${prefix}${entry.name}`, (await stat(full)).size]);
    }
  }
  return lines;
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await copyOwn("js");
await copyOwn("images");
for (const [from, to] of copies) {
  await mkdir(path.dirname(path.join(out, to)), { recursive: true });
  await cp(path.join(modules, from), path.join(out, to));
}
// The stylesheet last, so that its url() check sees every other file.
await buildCss();

const built = await sizes(out);
const total = built.reduce((sum, [, size]) => sum + size, 0);
for (const [name, size] of built) {
  console.log(`  static/build/${name.padEnd(32)} ${(size / 1024).toFixed(1).padStart(7)} KiB`);
}
console.log(`Built ${built.length} files, ${(total / 1024).toFixed(1)} KiB, into static/build/.`);
