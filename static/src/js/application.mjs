// Loaded on every page by templates/base.html as <script type="module">. There are no inline
// scripts (a strict Content Security Policy is coming), so the classes that GOV.UK's page template
// sets with an inline script are set here: browsers that run ES modules get GOV.UK Frontend's
// enhancements, the rest get the plain HTML, which works on its own.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
