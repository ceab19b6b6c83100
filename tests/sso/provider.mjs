// A real OpenID Connect provider for the tests (npm's certified oidc-provider), on 127.0.0.1.
//
//   node tests/sso/provider.mjs CONFIG.json
//
// CONFIG names the port, the issuer, the clients and a users file. The users file maps a login name
// (which is also its subject) to its claims ({"name": ..., "email": ..., "groups": [...]}) and is
// read at every sign-in, so a test changes someone's groups by rewriting it. The development login form accepts
// any password; consent is granted without asking, as a council's own provider does for its apps.
// Groups ride in the profile scope, and every claim goes into the ID token, as Entra ID sends them.
import { readFileSync } from "node:fs";
import Provider from "oidc-provider";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const users = () => JSON.parse(readFileSync(config.users_file, "utf8"));

const provider = new Provider(config.issuer, {
  clients: config.clients,
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "preferred_username", "groups"],
  },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ["test-only-cookie-key"] },
  // The login name typed in the form is the account's id, and so its subject (sub).
  async findAccount(ctx, id) {
    const user = users()[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ ...user, sub: id }) };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
});

const server = provider.listen(config.port, "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
