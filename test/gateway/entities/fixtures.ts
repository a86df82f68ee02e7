// Shared fixtures for the entity tests: the contract's types plus a fixture type declared the way
// `openapi/` declares one (EntityInfo + component schema), with number and boolean indexed fields.
import { gatewayEntities, gatewaySchemaDocument } from "../../../gen/routes/gateway.js";
import type { EntityInfo } from "../../../gen/routes/types.js";
import {
  type EntityType,
  entityType,
  entityTypes,
} from "../../../server/gateway/entities/index.js";

/** What `npm run generate` would emit for a `Widget` schema marked `x-cpod-entity`. */
export const widgetInfo: EntityInfo = {
  type: "Widget",
  plural: "widgets",
  id_prefix: "wid",
  indexed: ["name", "rank", "active"],
  fields: ["name", "rank", "active", "notes", "tags"],
};

/** The fixture's component schemas, shaped like `gatewaySchemaDocument.components.schemas`. */
export const widgetSchemas = {
  Widget: {
    properties: {
      name: { type: "string" },
      rank: { type: "integer" },
      active: { type: "boolean" },
      notes: { type: "string" },
      tags: { type: "array", items: { type: "string" } },
    },
  },
};

export const widget: EntityType = entityType(widgetInfo, widgetSchemas);

/** Every contract type plus Widget, as the composition root would build them. */
export const types: ReadonlyMap<string, EntityType> = new Map([
  ...entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas),
  ["Widget", widget],
]);

/** A fixed 32-byte cursor key for tests. */
export const CURSOR_KEY = new Uint8Array(32).fill(7);

/** A clock that moves one second per reading, so timestamps are distinct and ordered. */
export function steppingClock(start = "2025-01-01T00:00:00.000Z"): () => Date {
  let t = Date.parse(start);
  return () => {
    t += 1000;
    return new Date(t);
  };
}
