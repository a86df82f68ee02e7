import type { Migration, SchemaComponent } from "../../lib/sql/index.js";

/**
 * A sidecar store's component of the schema history (`sidecar.<store>`), with the two things
 * sidecars before `cpod_schema_history` fixed and a rolling upgrade must keep: the advisory lock
 * each store migrated under (`cpod.sidecar.<store>`), and `sidecar_schema_migrations`, where they
 * recorded the store's versions under its bare name (imported on the first start of this build;
 * a store that never recorded any, like the audit table, finds nothing to import).
 *
 * @example
 *   export const SECRET_SCHEMA = sidecarSchema("secrets", SECRET_MIGRATIONS);
 */
export function sidecarSchema(store: string, migrations: readonly Migration[]): SchemaComponent {
  return {
    component: `sidecar.${store}`,
    lockKey: `cpod.sidecar.${store}`,
    legacyHistory: { table: "sidecar_schema_migrations", component: store },
    migrations,
  };
}
