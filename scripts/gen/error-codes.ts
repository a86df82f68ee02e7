import { GENERATED_HEADER } from "./files.js";
import type { OpenApiDoc } from "./openapi-bundle.js";

/** Reads the closed ErrorCode set from a bundled spec; the proto enum must match it (tested). */
export function errorCodesOf(doc: OpenApiDoc): string[] {
  const schema = (doc.components.schemas?.ErrorCode ?? {}) as { enum?: string[] };
  if (!schema.enum?.length) throw new Error("openapi: components.schemas.ErrorCode has no enum");
  return [...schema.enum];
}

/** `gen/errors/codes.ts`: the code set as a runtime array and a union type. */
export function errorCodesModule(codes: string[]): string {
  return [
    GENERATED_HEADER,
    "/** Every cPod error code, in contract order. Clients switch on these strings. */",
    `export const ERROR_CODES = ${JSON.stringify(codes, null, 2)} as const;`,
    "",
    "/** One cPod error code. */",
    "export type ErrorCode = (typeof ERROR_CODES)[number];",
    "",
    "/** Narrows an unknown string to an ErrorCode. */",
    "export function isErrorCode(value: unknown): value is ErrorCode {",
    '  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);',
    "}",
    "",
  ].join("\n");
}
