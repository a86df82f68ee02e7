// The SQL client port, its error mapping and the one migration runner, for every program's
// PostgreSQL-backed stores. The adapters (`adapters/pg-client.ts`, and
// `adapters/embedded-pg-client.ts` for the embedded server) are imported by composition roots
// only, so they are not re-exported here.
export { applyDerivedSchema, type DerivedSchema } from "./derived-schema.js";
export {
  applyMigrations,
  type LegacyHistory,
  type Migration,
  MigrationError,
  type SchemaComponent,
} from "./migrations.js";
export {
  assertSchemaName,
  type SqlClient,
  takeAdvisoryLock,
  withAdvisoryLock,
} from "./sql-client.js";
export { isUniqueViolation, UNIQUE_VIOLATION } from "./sql-error.js";
