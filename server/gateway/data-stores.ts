import type { AnalyticsStore } from "./analytics/index.js";
import type { BlobStore } from "./files/index.js";
import type { KvStore } from "./kv/index.js";
import type { PresignedConfig } from "./presigned-handlers.js";

/** The data stores a gateway serves KV, files and analytics from (`buildGateway({ data })`). */
export interface DataStores {
  /** HMAC key for KV/file list cursors; defaults to the entity cursor key (`cursorKey()`). */
  cursorKey?: Uint8Array | undefined;
  kv?: KvStore | undefined;
  /** `presigned` is set when presigned URLs point at this gateway (the filesystem store). */
  files?:
    | { store: BlobStore; presigned?: PresignedConfig | undefined; maxUploadBytes?: number }
    | undefined;
  /** The analytics store, or why there is none (routes then answer 503 with that sentence). */
  analytics?: AnalyticsStore | { unavailable: string } | undefined;
}
