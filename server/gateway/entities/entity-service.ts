import { monotonicFactory } from "ulid";
import { type CursorBinding, EntityCursors } from "./entity-cursors.js";
import { bodyFields, isEntityId, parseIfMatch, parseLimit } from "./entity-input.js";
import { notFound } from "./entity-record.js";
import type { EntityRecord, EntityStore, SortKey } from "./entity-store.js";
import type { EntityType } from "./entity-types.js";
import { and, type FilterNode, filterKey } from "./filter-ast.js";
import { parseFilter } from "./filter-parser.js";
import { afterPosition, parseSort, positionOf, sortKeyText } from "./keyset.js";

/** Who is calling, from the verified token only; never from a body or query. */
export interface Caller {
  tenantId: string;
  appId: string;
  /** The token's `sub` (the user when acting for one, else the app): created_by/updated_by. */
  subject: string;
}

/** A list request as the route delivers it; every part is validated here again. */
export interface ListParams {
  /** JSON text (the query parameter) or an already-decoded object. */
  filter?: unknown;
  sort?: string;
  limit?: number;
  cursor?: string;
}

/** One page, in the contract's shape. */
export interface EntityPage {
  items: EntityRecord[];
  next_cursor: string | null;
}

/** What the service needs; tests pass a fixed clock and id source. */
export interface EntityServiceOptions {
  store: EntityStore;
  types: ReadonlyMap<string, EntityType>;
  /** At least 32 bytes, the same on every replica (cursors are HMACed with it). */
  cursorKey: Uint8Array;
  now?: () => Date;
  /** A ULID source; the default is monotonic so ids made in one millisecond still sort. */
  ulid?: () => string;
}

/**
 * The EDM use cases the gateway's entity handlers call. It stamps tenant, app, user, ids,
 * timestamps and versions (clients cannot set base fields), parses filters, sorts, limits,
 * `If-Match` and cursors, and keeps nothing type-specific: every type comes from the contract.
 *
 * @example
 *   const service = new EntityService({ store, types, cursorKey });
 *   const ada = await service.create(caller, "Person", { display_name: "Ada" });
 *   const page = await service.list(caller, "Person", { filter: '{"display_name":"Ada"}' });
 */
export class EntityService {
  readonly #store: EntityStore;
  readonly #types: ReadonlyMap<string, EntityType>;
  readonly #cursors: EntityCursors;
  readonly #now: () => Date;
  readonly #ulid: () => string;

  constructor(opts: EntityServiceOptions) {
    this.#store = opts.store;
    this.#types = opts.types;
    this.#cursors = new EntityCursors(opts.cursorKey);
    this.#now = opts.now ?? (() => new Date());
    this.#ulid = opts.ulid ?? monotonicFactory();
  }

  /** The entity type named `name` (a generated route's `entity`); TypeError when unknown. */
  type(name: string): EntityType {
    const type = this.#types.get(name);
    if (!type) throw new TypeError(`unknown entity type ${name}`);
    return type;
  }

  /** Creates an entity at version 1 from the body's own fields. */
  async create(caller: Caller, typeName: string, body: unknown): Promise<EntityRecord> {
    const type = this.type(typeName);
    const fields = bodyFields(type, body, "create");
    const id = `${type.idPrefix}_${this.#ulid()}`;
    const { at, by } = this.#stamp(caller);
    return this.#store.create(caller.tenantId, type, { id, app_id: caller.appId, at, by, fields });
  }

  /** The live entity, or `not_found` (also for another tenant's id or a malformed one). */
  async get(caller: Caller, typeName: string, id: string): Promise<EntityRecord> {
    const type = this.type(typeName);
    if (!isEntityId(type, id)) throw notFound(type);
    return this.#store.get(caller.tenantId, type, id);
  }

  /** Merges the body's own fields; `ifMatch` is the raw `If-Match` header. */
  async update(
    caller: Caller,
    typeName: string,
    id: string,
    body: unknown,
    ifMatch?: string,
  ): Promise<EntityRecord> {
    const type = this.type(typeName);
    const set = bodyFields(type, body, "update");
    const expectedVersion = parseIfMatch(ifMatch);
    if (!isEntityId(type, id)) throw notFound(type);
    const change = { set, ...this.#stamp(caller), expectedVersion };
    return this.#store.update(caller.tenantId, type, id, change);
  }

  /** Soft-deletes; `ifMatch` is the raw `If-Match` header. */
  async delete(caller: Caller, typeName: string, id: string, ifMatch?: string): Promise<void> {
    const type = this.type(typeName);
    const expectedVersion = parseIfMatch(ifMatch);
    if (!isEntityId(type, id)) throw notFound(type);
    await this.#store.softDelete(caller.tenantId, type, id, {
      ...this.#stamp(caller),
      expectedVersion,
    });
  }

  /** One page of live entities; `next_cursor` is null on the last page. */
  async list(caller: Caller, typeName: string, params: ListParams = {}): Promise<EntityPage> {
    const type = this.type(typeName);
    const limit = parseLimit(params.limit);
    const filter = parseFilter(type, params.filter);
    const sort = parseSort(type, params.sort);
    const binding = this.#binding(caller, type, sort, filter);
    const where =
      params.cursor === undefined
        ? filter
        : and(filter, afterPosition(type, sort, this.#cursors.decode(binding, params.cursor)));
    const rows = await this.#store.list(caller.tenantId, type, {
      filter: where,
      sort,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const more = rows.length > limit && last !== undefined;
    const next = more ? this.#cursors.encode(binding, positionOf(type, sort, last)) : null;
    return { items, next_cursor: next };
  }

  #stamp(caller: Caller): { at: string; by: string } {
    return { at: this.#now().toISOString(), by: caller.subject };
  }

  #binding(caller: Caller, type: EntityType, sort: SortKey, filter: FilterNode): CursorBinding {
    return {
      tenantId: caller.tenantId,
      type: type.name,
      sort: sortKeyText(sort),
      filter: filterKey(filter),
    };
  }
}
