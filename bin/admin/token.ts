import type { components } from "../../gen/openapi/controlPlane.js";
import { positionals, stringFlag } from "./args.js";
import type { Command } from "./command.js";
import { readDevFile } from "./connection.js";
import { UsageError } from "./errors.js";
import { fields, show } from "./output.js";

type TokenResponse = components["schemas"]["TokenResponse"];

/**
 * The app to get a token for: `--client-id` with `CPOD_CLIENT_SECRET` (a secret on the command
 * line would be visible in `ps`), else the dev app of the dev credentials file.
 */
function appCredentials(values: Parameters<Command["run"]>[0]["values"]) {
  const clientId = stringFlag(values, "client-id");
  if (clientId) {
    const secret = process.env.CPOD_CLIENT_SECRET;
    if (!secret) throw new UsageError("--client-id needs the app's secret in CPOD_CLIENT_SECRET");
    return { clientId, secret };
  }
  const dev = readDevFile(values, process.env);
  if (dev?.client_id && dev.client_secret) {
    return { clientId: dev.client_id, secret: dev.client_secret };
  }
  throw new UsageError("no app: give --client-id (secret in CPOD_CLIENT_SECRET) or run `cpod dev`");
}

/** `cpod token`: an access token for an app via client credentials (POST /v1/oauth/token). */
export const TOKEN: Command = {
  name: "token",
  summary: "get an access token for an app (OAuth client credentials)",
  synopsis: "[--client-id CLIENT_ID] [--scope SCOPE…] [--quiet]",
  admin: false,
  flags: {
    "client-id": {
      type: "string",
      help: "CLIENT_ID  the app (its secret in $CPOD_CLIENT_SECRET); default the `cpod dev` app",
    },
    scope: { type: "string", multiple: true, help: "SCOPE  ask for fewer scopes (repeat)" },
    quiet: { type: "boolean", short: "q", help: "print only the token: TOKEN=$(cpod token -q)" },
  },
  async run({ values, args, client, out }) {
    positionals(args, []);
    const { clientId, secret } = appCredentials(values);
    const scope = Array.isArray(values.scope) ? values.scope.join(" ") : undefined;
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`);
    const token = await client().call<TokenResponse>("POST", "/v1/oauth/token", {
      authorization: `Basic ${basic.toString("base64")}`,
      form: { grant_type: "client_credentials", ...(scope ? { scope } : {}) },
    });
    if (values.quiet) {
      out.stdout(token.access_token);
      return 0;
    }
    show(out, token, (t) =>
      fields(t, [
        ["ACCESS_TOKEN", (x) => x.access_token],
        ["TYPE", (x) => x.token_type],
        ["EXPIRES_IN", (x) => `${x.expires_in}s`],
        ["SCOPE", (x) => x.scope],
      ]),
    );
    return 0;
  },
};
