import { type Collection, type Db, type Document, MongoServerError } from "mongodb";
import { duplicateId, notFound, pickFields, staleVersion, toRecord } from "../entity-record.js";
import type {
  EntityBase,
  EntityChange,
  EntityRecord,
  EntityStore,
  NewEntity,
  StoreQuery,
  WriteStamp,
} from "../entity-store.js";
import type { EntityType } from "../entity-types.js";
import { mongoPath, toMongoFilter } from "./mongo-filter.js";

/** A stored entity: base fields and own fields side by side, the entity id as `_id`. */
interface EntityDoc extends Document {
  _id: string;
  tenant_id: string;
  version: number;
  is_deleted: boolean;
}

const DUPLICATE_KEY = 11000;

function scopeOf(tenant: string): { tenant_id: string; is_deleted: false } {
  if (typeof tenant !== "string" || tenant === "") throw new TypeError("tenant is required");
  return { tenant_id: tenant, is_deleted: false };
}

/**
 * The production EDM store on MongoDB.
 *
 * Layout: one collection per entity type, `entities.<plural>`, every document carrying
 * `tenant_id`, and every query starting with `{tenant_id, is_deleted: false}` (from the caller,
 * never the document). A collection per tenant was rejected: thousands of tenants times types
 * means thousands of collections and index files, and no single place to shard.
 *
 * Indexes (equality, sort, range order): `{tenant_id, _id}` and, for `created_at`,
 * `updated_at` and each indexed field F, `{tenant_id, is_deleted, F, _id}`, so every filtered,
 * sorted page is an index range scan ending in the `_id` tie-breaker.
 *
 * Shard key: `{tenant_id: 1, _id: 1}` (ranged). Every query names the tenant, so reads are
 * routed to the shards holding that tenant; the `_id` suffix (a ULID) lets a large tenant be
 * split into chunks instead of becoming one jumbo chunk. A hashed tenant key would spread small
 * tenants better but could never split a big one. Sharding is an operator step
 * (`sh.shardCollection("cpod.entities.people", {tenant_id: 1, _id: 1})`); the
 * `{tenant_id, _id}` index it needs is created here.
 *
 * Writes are single-document and conditional on `version` (no transactions needed, which also
 * keeps FerretDB working).
 *
 * @example
 *   const store = await MongoEntityStore.open(client.db("cpod"), types.values());
 */
export class MongoEntityStore implements EntityStore {
  private constructor(private readonly db: Db) {}

  /** A store on `db` with indexes ensured for `types` (idempotent; safe to run concurrently). */
  static async open(db: Db, types: Iterable<EntityType>): Promise<MongoEntityStore> {
    const store = new MongoEntityStore(db);
    for (const type of types) await store.ensureIndexes(type);
    return store;
  }

  /**
   * Creates the indexes described above for one type, one `createIndexes` call per index:
   * FerretDB v1 panics and drops the connection when one call lists several indexes that all
   * exist already (FerretDB issue #3858), which is every start after the first.
   */
  async ensureIndexes(type: EntityType): Promise<void> {
    const sortable = ["created_at", "updated_at", ...type.indexed.map((f) => f.name)];
    const specs = [
      { key: { tenant_id: 1, _id: 1 }, name: "shard_key" },
      ...sortable.map((field) => ({
        key: { tenant_id: 1, is_deleted: 1, [field]: 1, _id: 1 },
        name: `tenant_live_${field}`,
      })),
    ];
    for (const spec of specs) await this.collection(type).createIndexes([spec]);
  }

  async create(tenant: string, type: EntityType, entity: NewEntity): Promise<EntityRecord> {
    const { tenant_id } = scopeOf(tenant);
    const doc: EntityDoc = {
      ...pickFields(type, entity.fields),
      _id: entity.id,
      tenant_id,
      app_id: entity.app_id,
      created_at: entity.at,
      updated_at: entity.at,
      created_by: entity.by,
      updated_by: entity.by,
      version: 1,
      is_deleted: false,
      deleted_at: null,
    };
    try {
      await this.collection(type).insertOne(doc);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
        throw duplicateId(type, error);
      }
      throw error;
    }
    return fromDoc(type, doc);
  }

  async get(tenant: string, type: EntityType, id: string): Promise<EntityRecord> {
    const scope = scopeOf(tenant);
    if (typeof id !== "string") throw notFound(type);
    const doc = await this.collection(type).findOne({ _id: id, ...scope });
    if (!doc) throw notFound(type);
    return fromDoc(type, doc);
  }

  async update(
    tenant: string,
    type: EntityType,
    id: string,
    change: EntityChange,
  ): Promise<EntityRecord> {
    const set = { ...pickFields(type, change.set), updated_at: change.at, updated_by: change.by };
    const doc = await this.write(tenant, type, id, change, set);
    return fromDoc(type, doc);
  }

  async softDelete(tenant: string, type: EntityType, id: string, stamp: WriteStamp) {
    const set = {
      is_deleted: true,
      deleted_at: stamp.at,
      updated_at: stamp.at,
      updated_by: stamp.by,
    };
    await this.write(tenant, type, id, stamp, set);
  }

  async list(tenant: string, type: EntityType, query: StoreQuery): Promise<EntityRecord[]> {
    const scope = scopeOf(tenant);
    const dir = query.sort.direction === "asc" ? 1 : -1;
    const path = mongoPath(query.sort.field);
    const sort: Record<string, 1 | -1> = path === "_id" ? { _id: dir } : { [path]: dir, _id: dir };
    const docs = await this.collection(type)
      .find({ $and: [scope, toMongoFilter(query.filter)] })
      .sort(sort)
      .limit(query.limit)
      .toArray();
    return docs.map((doc) => fromDoc(type, doc));
  }

  /**
   * One conditional write of a live entity of this tenant at the expected version. When nothing
   * matched, a second read tells "gone" (404) from "changed meanwhile" (412).
   */
  private async write(
    tenant: string,
    type: EntityType,
    id: string,
    stamp: WriteStamp,
    set: Record<string, unknown>,
  ): Promise<EntityDoc> {
    const scope = scopeOf(tenant);
    if (typeof id !== "string") throw notFound(type);
    const expected = stamp.expectedVersion;
    if (expected !== undefined && !Number.isInteger(expected)) throw new TypeError("bad version");
    const version = expected === undefined ? {} : { version: expected };
    const updated = await this.collection(type).findOneAndUpdate(
      { _id: id, ...scope, ...version },
      { $set: set, $inc: { version: 1 } },
      { returnDocument: "after" },
    );
    if (updated) return updated;
    const live = await this.collection(type).findOne(
      { _id: id, ...scope },
      { projection: { _id: 1 } },
    );
    throw live ? staleVersion(type) : notFound(type);
  }

  private collection(type: EntityType): Collection<EntityDoc> {
    return this.db.collection<EntityDoc>(`entities.${type.plural}`);
  }
}

/** A stored document in the port's shape: `_id` back to `id`, fields in the common order. */
function fromDoc(type: EntityType, doc: EntityDoc): EntityRecord {
  const { _id, ...rest } = doc;
  const base = { ...rest, id: _id } as unknown as EntityBase;
  return toRecord(type, base, rest);
}
