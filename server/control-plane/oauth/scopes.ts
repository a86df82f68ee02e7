import type { components } from "../../../gen/openapi/controlPlane.js";
import { controlPlaneSchemaDocument } from "../../../gen/routes/controlPlane.js";
import { OAuthError } from "./oauth-error.js";

/**
 * Every scope of the contract, read from the generated `Scope` schema (openapi/components/schemas/
 * oauth.yaml), so adding a scope is a spec edit plus `npm run generate`.
 */
export const SCOPES = controlPlaneSchemaDocument.components.schemas.Scope
  .enum as readonly components["schemas"]["Scope"][];

/**
 * The scopes a token gets: all of `allowed` when `requested` is absent, otherwise the requested
 * ones, each of which must be in `allowed` (RFC 6749 §3.3). Anything else is `invalid_scope`, so
 * a token never carries a scope its app did not declare. The result keeps `allowed`'s order.
 *
 * @example
 *   grantScopes("kv.read", ["kv.read", "kv.write"]); // ["kv.read"]
 */
export function grantScopes(requested: string | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined) return [...allowed];
  const wanted = requested.split(" ");
  if (wanted.some((s) => s.length === 0)) {
    throw new OAuthError("invalid_scope", "scope must be scope names separated by single spaces.");
  }
  const missing = wanted.filter((s) => !allowed.includes(s));
  if (missing.length > 0) {
    const name = missing[0]?.slice(0, 64) ?? "";
    throw new OAuthError("invalid_scope", `The scope ${name} is not granted to this client.`);
  }
  return allowed.filter((s) => wanted.includes(s));
}
