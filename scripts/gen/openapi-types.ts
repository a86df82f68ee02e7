import openapiTS, { astToString } from "openapi-typescript";
import { GENERATED_HEADER } from "./files.js";
import type { OpenApiDoc } from "./openapi-bundle.js";

/** TypeScript types (`paths`, `operations`, `components`) for a bundled, expanded document. */
export async function openapiTypes(doc: OpenApiDoc): Promise<string> {
  const ast = await openapiTS(doc as never, { alphabetize: true, exportType: false });
  return `${GENERATED_HEADER}\n${astToString(ast)}`;
}
