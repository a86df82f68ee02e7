/**
 * `@cpod/sdk`: the TypeScript client for cPod. Start with `CpodClient`.
 *
 * @example
 *   import { CpodClient } from "@cpod/sdk";
 *   const client = CpodClient.fromEnv();
 */
export type { EntityNamespace, EntityTypes } from "../../gen/sdk/entities.js";
export { CpodClient } from "./client.js";
export type { Clock } from "./clock.js";
export {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  CpodError,
  isCpodError,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export { FileDownload } from "./file-download.js";
export type { FieldOperators, Filter } from "./filters.js";
export type { ClientOptions, TokenOptions } from "./options.js";
export { Page, PagePromise } from "./pagination.js";
export type { RequestOptions } from "./request-options.js";
export type { AnalyticsEventInput, AnalyticsQueryInput } from "./resources/analytics.js";
export type { AuditListParams } from "./resources/audit.js";
export type {
  ConditionalOptions,
  Entities,
  EntityListParams,
  EntityResource,
} from "./resources/entities.js";
export type {
  DownloadOptions,
  FileOptions,
  PresignOptions,
  UploadOptions,
} from "./resources/files.js";
export type { KvDeleteOptions, KvListOptions, KvOptions, KvSetOptions } from "./resources/kv.js";
export type { SecretSetOptions } from "./resources/secrets.js";
export type * from "./types.js";
export type { UploadProgress, UploadSource } from "./upload-body.js";
export { VERSION } from "./version.js";
