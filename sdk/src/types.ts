import type { components } from "../../gen/openapi/gateway.js";

/**
 * The contract's schemas under short names, so callers can type their own code with the
 * exact shapes the SDK returns.
 *
 * @example
 *   import type { KvEntry } from "@cpod/sdk";
 */
type S = components["schemas"];

export type { ErrorCode } from "../../gen/errors/codes.js";
export type App = S["App"];
export type AppCreateRequest = S["AppCreateRequest"];
export type AppWithSecret = S["AppWithSecret"];
export type AnalyticsEvent = S["AnalyticsEvent"];
export type AnalyticsFilter = S["AnalyticsFilter"];
export type AnalyticsQuery = S["AnalyticsQuery"];
export type AnalyticsResult = S["AnalyticsResult"];
export type AnalyticsRow = S["AnalyticsRow"];
export type AuditRecord = S["AuditRecord"];
export type AuditVerifyResult = S["AuditVerifyResult"];
export type FieldError = S["FieldError"];
export type FileObject = S["FileObject"];
export type IngestResult = S["IngestResult"];
export type KvListItem = S["KvListItem"];
export type PresignResponse = S["PresignResponse"];
export type Problem = S["Problem"];
export type Scope = S["Scope"];
export type Secret = S["Secret"];
export type SecretMetadata = S["SecretMetadata"];
export type TokenResponse = S["TokenResponse"];
export type Person = S["Person"];
export type Group = S["Group"];
export type TechnologyAsset = S["TechnologyAsset"];
export type SoftwareLicense = S["SoftwareLicense"];

/** A KV entry whose value the caller has typed (the contract says only "any JSON"). */
export type KvEntry<V = unknown> = Omit<S["KvEntry"], "value"> & { value: V };

/** Storage tier of KV and files: who shares the data (see the contract's `tier`). */
export type Tier = "private" | "user" | "shared";
