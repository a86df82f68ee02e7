// The files layer: the BlobStore port, the FileService the `/v1/files` handlers call, path and
// range rules, and the verifier for the embedded store's presigned URLs (the gateway serves
// those itself). Adapters live in ./adapters/ and are imported only by composition roots.
export type { BlobMeta, BlobPage, BlobPutOptions, BlobStore } from "./blob-store.js";
export { type ByteRange, parseRangeHeader, type RangeRequest, resolveRange } from "./byte-range.js";
export { blobPrefix, checkFilePrefix, checkPath, MAX_PATH, objectKey } from "./file-path.js";
export {
  FILE_LIMITS,
  type FileDownload,
  type FileObject,
  type FilePutOptions,
  FileService,
} from "./file-service.js";
export { HashingLimiter } from "./hashing-limiter.js";
export { type PresignGrant, signPresignedUrl, verifyPresignedUrl } from "./presign-token.js";
