import type { components } from "../../gen/openapi/controlPlane.js";
import { pathSegment, positionals, stringFlag } from "./args.js";
import type { Command, CommandGroup } from "./command.js";
import { UsageError } from "./errors.js";
import { type Column, fields, show, table } from "./output.js";

type App = components["schemas"]["App"];
type AppWithSecret = components["schemas"]["AppWithSecret"];
type AppType = components["schemas"]["AppType"];
type Scope = components["schemas"]["Scope"];

const COLUMNS: Column<App>[] = [
  ["CLIENT_ID", (a) => a.client_id],
  ["TENANT", (a) => a.tenant_id],
  ["NAME", (a) => a.name],
  ["TYPE", (a) => a.app_type],
  ["SCOPES", (a) => a.declared_scopes],
  ["CREATED", (a) => a.created_at],
];
/** The secret is shown once, on create and rotate: the control plane keeps only its hash. */
const WITH_SECRET: Column<AppWithSecret>[] = [
  ...(COLUMNS as Column<AppWithSecret>[]),
  ["CLIENT_SECRET", (a) => a.client_secret],
];

const APP_TYPES: AppType[] = ["service", "web"];
const appPath = (id: string) => `/v1/oauth/apps/${pathSegment(id, "CLIENT_ID")}`;

/** `--scope a --scope b` or `--scope "a b"`, as the contract's scope list. */
function scopes(value: string | boolean | string[] | undefined): Scope[] {
  const list = (Array.isArray(value) ? value : []).flatMap((s) => s.split(/[\s,]+/));
  const scopes = list.filter((s) => s !== "");
  if (scopes.length === 0) throw new UsageError("--scope is required (e.g. --scope kv.read)");
  return scopes as Scope[];
}

const create: Command = {
  name: "create",
  summary: "register an OAuth app for a tenant and print its secret once (POST /v1/oauth/apps)",
  synopsis: "--tenant TENANT_ID --name NAME --scope SCOPE… [--type service|web]",
  flags: {
    tenant: { type: "string", help: "TENANT_ID  the tenant the app belongs to" },
    name: { type: "string", help: "NAME  display name" },
    scope: { type: "string", multiple: true, help: "SCOPE  a scope the app may ask for (repeat)" },
    type: { type: "string", help: "TYPE  service (client credentials; default) or web" },
  },
  async run({ values, args, client, out }) {
    positionals(args, []);
    const appType = (stringFlag(values, "type") ?? "service") as AppType;
    if (!APP_TYPES.includes(appType)) {
      throw new UsageError(`--type must be one of ${APP_TYPES.join(", ")}, not "${appType}"`);
    }
    const body: components["schemas"]["AppCreateRequest"] = {
      tenant_id: stringFlag(values, "tenant", true) ?? "",
      name: stringFlag(values, "name", true) ?? "",
      declared_scopes: scopes(values.scope),
      app_type: appType,
    };
    const app = await client().call<AppWithSecret>("POST", "/v1/oauth/apps", { json: body });
    show(out, app, (a) => fields(a, WITH_SECRET));
    return 0;
  },
};

const list: Command = {
  name: "list",
  summary: "list apps, of one tenant (GET /v1/tenants/{id}/apps) or all (GET /v1/oauth/apps)",
  synopsis: "[--tenant TENANT_ID]",
  flags: { tenant: { type: "string", help: "TENANT_ID  only this tenant's apps" } },
  async run({ values, args, client, out }) {
    positionals(args, []);
    const tenant = stringFlag(values, "tenant");
    // listTenantApps answers 404 for an unknown tenant, where the filter of listApps would
    // answer an empty list and a typo would read as "no apps".
    const path =
      tenant === undefined
        ? "/v1/oauth/apps"
        : `/v1/tenants/${pathSegment(tenant, "--tenant")}/apps`;
    const apps = await client().listAll<App>(path);
    show(out, apps, (rows) => table(rows, COLUMNS));
    return 0;
  },
};

const get: Command = {
  name: "get",
  summary: "show one app (GET /v1/oauth/apps/{client_id})",
  synopsis: "CLIENT_ID",
  flags: {},
  async run({ args, client, out }) {
    const [id = ""] = positionals(args, ["CLIENT_ID"]);
    const path = appPath(id); // a bad id is a usage error before any call
    show(out, await client().call<App>("GET", path), (a) => fields(a, COLUMNS));
    return 0;
  },
};

const rotateSecret: Command = {
  name: "rotate-secret",
  summary: "give an app a new secret, printed once; the old one stops working",
  synopsis: "CLIENT_ID",
  flags: {},
  async run({ args, client, out }) {
    const [id = ""] = positionals(args, ["CLIENT_ID"]);
    const path = `${appPath(id)}/rotate-secret`;
    const app = await client().call<AppWithSecret>("POST", path);
    show(out, app, (a) => fields(a, WITH_SECRET));
    return 0;
  },
};

const remove: Command = {
  name: "delete",
  summary: "delete an app; every token it was issued is refused from then on",
  synopsis: "CLIENT_ID",
  flags: {},
  async run({ args, client, out }) {
    const [id = ""] = positionals(args, ["CLIENT_ID"]);
    const path = appPath(id);
    await client().call<void>("DELETE", path);
    show(out, { deleted: id }, () => `deleted ${id}`);
    return 0;
  },
};

/** `cpod apps …`: the OAuth app operations of openapi/control-plane.yaml. */
export const APPS: CommandGroup = {
  name: "apps",
  summary: "register, list, inspect, re-key and delete tenants' OAuth apps",
  commands: [create, list, get, rotateSecret, remove],
};
