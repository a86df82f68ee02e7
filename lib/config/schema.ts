import { SECTIONS, SETTINGS, type Setting, type SettingKind } from "./settings.js";

/** 0–65535 (0: any free port, as `cpod dev` allows), as a regular expression. */
const PORT = "([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

/** JSON Schema for one value, plus the one-line message shown when a value breaks it. */
export function kindSchema(kind: SettingKind): Record<string, unknown> {
  switch (kind.type) {
    case "string":
      // "" is refused (an unset key says "default" better) unless it means something of its own.
      return { type: "string", minLength: kind.emptyMeansNone ? 0 : 1 };
    case "url":
      return { type: "string", pattern: "^[A-Za-z][A-Za-z0-9+.-]*://\\S+$" };
    case "address":
      return { type: "string", pattern: `^(\\[[^\\]]+\\]|[^:\\[\\]]+):${PORT}$` };
    case "list":
      // Items are joined with commas into one variable: an item holding a comma would split.
      return { type: "array", items: { type: "string", pattern: "^[^,]+$" } };
    case "enum":
      return { type: "string", enum: [...kind.values] };
    case "integer":
      // No bound of its own still means one: the programs read only safe integers (1e21 → "1e+21").
      return { type: "integer", minimum: kind.min, maximum: kind.max ?? Number.MAX_SAFE_INTEGER };
  }
}

/** What a bad value of this kind is told, after its key: `gateway.addr: must be host:port…`. */
export function kindMessage(kind: SettingKind): string {
  switch (kind.type) {
    case "string":
      return kind.emptyMeansNone ? "must be a string" : "must be a non-empty string";
    case "url":
      return "must be a URL (scheme://…)";
    case "address":
      return "must be host:port, port 0–65535, IPv6 in brackets (e.g. [::1]:50051)";
    case "list":
      return "must be an array of non-empty strings without commas (one item per string)";
    case "enum":
      return `must be one of ${kind.values.map((v) => `"${v}"`).join(", ")}`;
    case "integer":
      return kind.max === undefined
        ? `must be an integer ≥ ${kind.min} (at most 2^53 − 1)`
        : `must be an integer from ${kind.min} to ${kind.max}`;
  }
}

function property(setting: Setting): Record<string, unknown> {
  return {
    description: `${setting.env}: ${setting.description}`,
    ...kindSchema(setting.kind),
  };
}

const leafName = (setting: Setting) => setting.key.split(".").at(-1) ?? setting.key;

function object(settings: readonly Setting[], description: string): Record<string, unknown> {
  return {
    type: "object",
    description,
    additionalProperties: false,
    properties: Object.fromEntries(settings.map((s) => [leafName(s), property(s)])),
  };
}

/**
 * The JSON Schema of cpod.config.json, built from the settings table so the file check and
 * the published copy (config/cpod.config.schema.json, kept equal by a test) cannot disagree.
 */
export function configSchema(): Record<string, unknown> {
  const shared = SETTINGS.filter((s) => !s.key.includes("."));
  const top = object(
    shared,
    "cPod configuration: one file for the gateway, control plane, sidecar and cpod dev. Environment variables override it.",
  );
  const properties = top.properties as Record<string, unknown>;
  for (const section of SECTIONS) {
    const own = SETTINGS.filter((s) => s.key.startsWith(`${section}.`));
    properties[section] = object(own, `Settings only the ${section} reads.`);
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "cpod.config.json",
    ...top,
    properties: {
      $schema: { type: "string", description: "this schema, for editor completion" },
      ...properties,
    },
  };
}
