import type { SqlClient } from "../../../../lib/sql/index.js";
import { duplicateId, notFound, pickFields, staleVersion, toRecord } from "../entity-record.js";
import type {
  EntityBase,
  EntityChange,
  EntityRecord,
  EntityStore,
  NewEntity,
  SortKey,
  StoreQuery,
  WriteStamp,
} from "../entity-store.js";
import type { EntityType } from "../entity-types.js";
import { fieldExpr, identLiteral, SqlParams, toSqlFilter } from "./sql-filter.js";
import { migrateEntities } from "./sql-schema.js";

type Row = EntityBase & { doc: Record<string, unknown> };

const COLUMNS =
  "id, tenant_id, app_id, created_at, updated_at, created_by, updated_by, version, is_deleted, deleted_at, doc";
/** The scope of every statement: this tenant's live entities of one type. */
const LIVE = "tenant_id = $1 AND type = $2 AND id = $3 AND NOT is_deleted";
const UNIQUE_VIOLATION = "23505";

const fromRow = (type: EntityType, row: Row): EntityRecord => toRecord(type, row, row.doc ?? {});

function checkTenant(tenant: string): string {
  if (typeof tenant !== "string" || tenant === "") throw new TypeError("tenant is required");
  return tenant;
}

/**
 * The ORDER BY for a sort, with `id` as tie-breaker. Own fields may be missing (NULL): they sort
 * first ascending and last descending, MongoDB's order and the direction of their indexes.
 * Base fields are never NULL, so they take the plain order their b-tree indexes have.
 */
function orderBy(type: EntityType, sort: SortKey): string {
  const field = type.queryable.get(sort.field);
  if (!field) throw new TypeError(`not a sort field: ${sort.field}`);
  const dir = sort.direction === "asc" ? "ASC" : "DESC";
  if (field.name === "id") return `id ${dir}`;
  const nulls = field.base ? "" : dir === "ASC" ? " NULLS FIRST" : " NULLS LAST";
  return `${fieldExpr(field)} ${dir}${nulls}, id ${dir}`;
}

/**
 * The EDM store on PostgreSQL JSONB: the embedded default (the embedded PostgreSQL) and a
 * configured server through the same `SqlClient`. One `entities` table (see `sql-schema.ts`); filters are translated into
 * parameterized SQL by `toSqlFilter` with MongoDB's semantics, so both adapters pass one suite.
 *
 * @example
 *   const store = await SqlEntityStore.open(sql, types.values());
 */
export class SqlEntityStore implements EntityStore {
  private constructor(private readonly sql: SqlClient) {}

  /** A store on `sql`, after the (idempotent, locked) migration for `types`. */
  static async open(sql: SqlClient, types: Iterable<EntityType>): Promise<SqlEntityStore> {
    await migrateEntities(sql, types);
    return new SqlEntityStore(sql);
  }

  async create(tenant: string, type: EntityType, entity: NewEntity): Promise<EntityRecord> {
    const doc = JSON.stringify(pickFields(type, entity.fields));
    const { id, app_id, at, by } = entity;
    const params = [checkTenant(tenant), type.name, id, app_id, at, by, doc];
    try {
      const { rows } = await this.sql.query<Row>(
        `INSERT INTO entities (tenant_id, type, id, app_id, created_at, updated_at, created_by,
           updated_by, version, is_deleted, deleted_at, doc)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $6, 1, false, NULL, $7::jsonb) RETURNING ${COLUMNS}`,
        params,
      );
      return fromRow(type, rows[0] as Row);
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw duplicateId(type, error);
      throw error;
    }
  }

  async get(tenant: string, type: EntityType, id: string): Promise<EntityRecord> {
    const { rows } = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM entities WHERE ${LIVE}`, [
      checkTenant(tenant),
      type.name,
      String(id),
    ]);
    if (!rows[0]) throw notFound(type);
    return fromRow(type, rows[0]);
  }

  async update(
    tenant: string,
    type: EntityType,
    id: string,
    change: EntityChange,
  ): Promise<EntityRecord> {
    const patch = JSON.stringify(pickFields(type, change.set));
    return this.write(tenant, type, id, change, ["doc = doc || $4::jsonb", patch]);
  }

  async softDelete(tenant: string, type: EntityType, id: string, stamp: WriteStamp) {
    await this.write(tenant, type, id, stamp, ["is_deleted = true, deleted_at = $4", stamp.at]);
  }

  async list(tenant: string, type: EntityType, query: StoreQuery): Promise<EntityRecord[]> {
    const params = new SqlParams([checkTenant(tenant)]);
    const where = toSqlFilter(query.filter, params);
    const limit = params.add(query.limit, "integer");
    const order = orderBy(type, query.sort);
    // The type is inlined (a checked identifier) so the planner can use its partial indexes.
    const { rows } = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM entities
       WHERE tenant_id = $1 AND type = ${identLiteral(type.name)} AND NOT is_deleted AND ${where}
       ORDER BY ${order} LIMIT ${limit}`,
      params.values,
    );
    return rows.map((row) => fromRow(type, row));
  }

  /**
   * One conditional UPDATE of a live entity of this tenant (at the expected version when given);
   * when no row matched, a second read tells "gone" (404) from "changed meanwhile" (412).
   * `assign` is a SET fragment using `$4` and its value.
   */
  private async write(
    tenant: string,
    type: EntityType,
    id: string,
    stamp: WriteStamp,
    assign: [string, unknown],
  ): Promise<EntityRecord> {
    const params = [checkTenant(tenant), type.name, String(id), assign[1], stamp.at, stamp.by];
    const versioned = stamp.expectedVersion !== undefined;
    if (versioned) params.push(stamp.expectedVersion);
    const { rows } = await this.sql.query<Row>(
      `UPDATE entities SET ${assign[0]}, version = version + 1, updated_at = $5, updated_by = $6
       WHERE ${LIVE}${versioned ? " AND version = $7::integer" : ""} RETURNING ${COLUMNS}`,
      params,
    );
    if (rows[0]) return fromRow(type, rows[0]);
    const live = await this.sql.query(`SELECT 1 FROM entities WHERE ${LIVE}`, params.slice(0, 3));
    throw live.rows.length > 0 ? staleVersion(type) : notFound(type);
  }
}
