import type { components } from "../../gen/openapi/controlPlane.js";
import { controlPlaneSchemaDocument } from "../../gen/routes/controlPlane.js";
import { integerFlag, pathSegment, positionals, stringFlag, type Values } from "./args.js";
import type { Command, CommandGroup } from "./command.js";
import { UsageError } from "./errors.js";
import { type Column, fields, show, table } from "./output.js";

type Tenant = components["schemas"]["Tenant"];
type TenantPlan = components["schemas"]["TenantPlan"];
/** The body of PATCH /v1/tenants/{id} (updateTenant): every member optional, `limits: null` clears. */
type TenantUpdate = components["schemas"]["TenantUpdateRequest"];

const PLANS: TenantPlan[] = ["free", "pro", "enterprise"];
/** The contract's ranges for the limit flags (TenantLimits), read from the generated schema. */
const LIMITS = controlPlaneSchemaDocument.components.schemas.TenantLimits.properties;

/** A tenant's own limits, when it has some (tenants made before per-tenant limits have none). */
function limitsText(t: Tenant): string {
  const limits = t.limits;
  if (!limits) return "plan";
  return `${limits.requests_per_window ?? "plan"}/${limits.window_seconds ?? "plan"}s`;
}

const COLUMNS: Column<Tenant>[] = [
  ["ID", (t) => t.id],
  ["NAME", (t) => t.name],
  ["PLAN", (t) => t.plan],
  ["STATUS", (t) => t.status],
  ["LIMITS", limitsText],
  ["CREATED", (t) => t.created_at],
];

function planFlag(values: Values): TenantPlan | undefined {
  const plan = stringFlag(values, "plan");
  if (plan === undefined || PLANS.includes(plan as TenantPlan)) return plan as TenantPlan;
  throw new UsageError(`--plan must be one of ${PLANS.join(", ")}, not "${plan}"`);
}

const tenantPath = (id: string) => `/v1/tenants/${pathSegment(id, "TENANT_ID")}`;
const PLAN_HELP = `PLAN  ${PLANS.join(" | ")}`;

/** A command that takes one TENANT_ID and answers one tenant. */
function onTenant(name: string, summary: string, method: string, suffix: string): Command {
  return {
    name,
    summary,
    synopsis: "TENANT_ID",
    flags: {},
    async run({ args, client, out }) {
      const [id = ""] = positionals(args, ["TENANT_ID"]);
      const path = `${tenantPath(id)}${suffix}`; // a bad id is a usage error before any call
      const tenant = await client().call<Tenant>(method, path);
      show(out, tenant, (t) => fields(t, COLUMNS));
      return 0;
    },
  };
}

const create: Command = {
  name: "create",
  summary: "create an active tenant (POST /v1/tenants)",
  synopsis: "--name NAME [--plan PLAN]",
  flags: {
    name: { type: "string", help: "NAME  display name (need not be unique)" },
    plan: { type: "string", help: `${PLAN_HELP} (default free)` },
  },
  async run({ values, args, client, out }) {
    positionals(args, []);
    const name = stringFlag(values, "name", true);
    const plan = planFlag(values);
    const tenant = await client().call<Tenant>("POST", "/v1/tenants", { json: { name, plan } });
    show(out, tenant, (t) => fields(t, COLUMNS));
    return 0;
  },
};

const list: Command = {
  name: "list",
  summary: "list every tenant in creation order (GET /v1/tenants, all pages)",
  synopsis: "",
  flags: {},
  async run({ args, client, out }) {
    positionals(args, []);
    const tenants = await client().listAll<Tenant>("/v1/tenants");
    show(out, tenants, (rows) => table(rows, COLUMNS));
    return 0;
  },
};

/** The PATCH body the update flags ask for; a UsageError when they ask for nothing or clash. */
function updateBody(values: Values): TenantUpdate {
  const body: TenantUpdate = {};
  const name = stringFlag(values, "name");
  const plan = planFlag(values);
  const requests = integerFlag(values, "requests-per-window", LIMITS.requests_per_window);
  const window = integerFlag(values, "window-seconds", LIMITS.window_seconds);
  if (name !== undefined) body.name = name;
  if (plan !== undefined) body.plan = plan;
  if (values["clear-limits"] && (requests !== undefined || window !== undefined)) {
    throw new UsageError(
      "--clear-limits cannot be combined with --requests-per-window or --window-seconds",
    );
  }
  if (values["clear-limits"]) body.limits = null;
  if (requests !== undefined || window !== undefined) {
    body.limits = {
      ...(requests === undefined ? {} : { requests_per_window: requests }),
      ...(window === undefined ? {} : { window_seconds: window }),
    };
  }
  if (Object.keys(body).length === 0) {
    throw new UsageError(
      "nothing to update: give --name, --plan, --requests-per-window, --window-seconds or --clear-limits",
    );
  }
  return body;
}

const update: Command = {
  name: "update",
  summary: "change a tenant's name, plan or rate limits (PATCH /v1/tenants/{id})",
  synopsis:
    "TENANT_ID [--name NAME] [--plan PLAN] [--requests-per-window N] [--window-seconds N] [--clear-limits]",
  flags: {
    name: { type: "string", help: "NAME  new display name" },
    plan: { type: "string", help: PLAN_HELP },
    "requests-per-window": { type: "string", help: "N  the tenant's own request limit per window" },
    "window-seconds": { type: "string", help: "N  the length of that window in seconds" },
    "clear-limits": { type: "boolean", help: "drop the tenant's own limits (back to its plan's)" },
  },
  async run({ values, args, client, out }) {
    const [id = ""] = positionals(args, ["TENANT_ID"]);
    const body = updateBody(values);
    const path = tenantPath(id);
    const tenant = await client().call<Tenant>("PATCH", path, { json: body });
    show(out, tenant, (t) => fields(t, COLUMNS));
    return 0;
  },
};

/** `cpod tenants …`: the tenant operations of openapi/control-plane.yaml. */
export const TENANTS: CommandGroup = {
  name: "tenants",
  summary: "create, list, inspect, change, suspend and resume tenants",
  commands: [
    create,
    list,
    onTenant("get", "show one tenant (GET /v1/tenants/{id})", "GET", ""),
    update,
    onTenant(
      "suspend",
      "stop a tenant at once, keeping its data (POST …/suspend)",
      "POST",
      "/suspend",
    ),
    onTenant("resume", "let a suspended tenant in again (POST …/resume)", "POST", "/resume"),
  ],
};
