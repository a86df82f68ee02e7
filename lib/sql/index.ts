// The SQL client port, its error mapping and the one migration runner, for every program's
// PostgreSQL-backed stores. The two adapters (`adapters/pg-client.ts`, `adapters/pglite-client.ts`)
// are imported by composition roots only, so they are not re-exported here.
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
export {
  isUniqueViolation,
  SqlError,
  type SqlErrorFields,
  sqlErrorFields,
  UNIQUE_VIOLATION,
} from "./sql-error.js";
