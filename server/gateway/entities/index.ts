// The EDM entity layer: the EntityStore port, the use-case service the gateway's entity handlers
// call, and the store-independent parts (types from the contract, filter language, cursors).
// Adapters live in ./adapters/ and are imported only by composition roots.
export { type CursorBinding, EntityCursors } from "./entity-cursors.js";
export { isEntityId, PAGE_LIMITS, parseIfMatch, parseLimit } from "./entity-input.js";
export { pickFields } from "./entity-record.js";
export {
  type Caller,
  type EntityPage,
  EntityService,
  type EntityServiceOptions,
  type ListParams,
} from "./entity-service.js";
export type {
  EntityBase,
  EntityChange,
  EntityRecord,
  EntityStore,
  NewEntity,
  SortKey,
  StoreQuery,
  WriteStamp,
} from "./entity-store.js";
export {
  BASE_FIELDS,
  type EntityType,
  entityType,
  entityTypes,
  type FieldKind,
  type QueryField,
} from "./entity-types.js";
export { type FilterNode, filterKey, MATCH_ALL, type Scalar } from "./filter-ast.js";
export { FILTER_LIMITS, parseFilter } from "./filter-parser.js";
export { afterPosition, DEFAULT_SORT, type Position, parseSort } from "./keyset.js";
