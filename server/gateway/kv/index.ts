// The KV layer: the KvStore port, the KvService the `/v1/kv` handlers call, and the scope/key
// rules. Adapters live in ./adapters/ and are imported only by composition roots.
export {
  checkKey,
  checkPrefix,
  KV_KEY,
  type Scope,
  scopePrefix,
  storageKey,
  type Tier,
} from "./kv-scope.js";
export {
  KV_MAX_TTL_SECONDS,
  KV_MAX_VALUE_BYTES,
  KV_PAGE,
  type KvEntry,
  type KvListItem,
  type KvPage,
  type KvPutRequest,
  KvService,
} from "./kv-service.js";
export type {
  KvKeyInfo,
  KvKeyPage,
  KvPutOptions,
  KvRecord,
  KvStore,
  KvWriteResult,
} from "./kv-store.js";
