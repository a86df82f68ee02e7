import { gatewayEntities, gatewaySchemaDocument } from "../../../gen/routes/gateway.js";
import { entityTypes } from "./entity-types.js";

/**
 * The entity types of `openapi/gateway.yaml`, built once from the generated route module: what
 * the composition opens the entity store for and the EntityService validates against.
 */
export const GATEWAY_ENTITY_TYPES = entityTypes(
  gatewayEntities,
  gatewaySchemaDocument.components.schemas,
);
