/**
 * The audit chain of what belongs to no tenant: admin actions (key rotations, tenant listings,
 * audit exports) and requests refused before a tenant was known. `_platform` can never collide
 * with a tenant id (`ten_` + ULID) and fits the sidecar's `tenant_id` rule. Its own module, with
 * no imports, so the admin CLI can name it without loading protobuf.
 */
export const PLATFORM_CHAIN = "_platform";
