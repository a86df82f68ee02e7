import {
  ENTITY_NAMESPACES,
  type EntityNamespace,
  type EntityTypes,
} from "../../../gen/sdk/entities.js";
import { type Caller, segment } from "../caller.js";
import { encodeFilter, type Filter } from "../filters.js";
import { type ListResponse, PagePromise } from "../pagination.js";
import type { RequestOptions } from "../request-options.js";

/** List parameters of entity namespace `N`: typed filter on its indexed fields, sort, page size. */
export interface EntityListParams<N extends EntityNamespace> {
  filter?: Filter<EntityTypes[N]["entity"], EntityTypes[N]["indexed"]>;
  sort?: EntityTypes[N]["sort"];
  limit?: number;
}

/** Options of update and delete: `ifVersion` sends `If-Match: "<version>"` (412 when stale). */
export interface ConditionalOptions extends RequestOptions {
  ifVersion?: number;
}

type Entity<N extends EntityNamespace> = EntityTypes[N]["entity"];

const ifMatch = (version: number | undefined) =>
  version === undefined ? {} : { "if-match": `"${version}"` };

/**
 * CRUD on one EDM entity type under `/v1/entities/{plural}`. One class serves every entity;
 * the generated table in `gen/sdk/entities.ts` gives each its URL and types.
 *
 * @example
 *   const ada = await client.entities.people.create({ display_name: "Ada Lovelace" });
 *   await client.entities.people.update(ada.id, { email: "ada@example.org" }, { ifVersion: ada.version });
 */
export class EntityResource<N extends EntityNamespace> {
  readonly #caller: Caller;
  readonly #base: string;

  constructor(caller: Caller, namespace: N) {
    this.#caller = caller;
    this.#base = `/v1/entities/${ENTITY_NAMESPACES[namespace].plural}`;
  }

  /** Pages through the entities; `await` for one page or `for await` for every item. */
  list(params: EntityListParams<N> = {}, options?: RequestOptions): PagePromise<Entity<N>> {
    const query = { filter: encodeFilter(params.filter), sort: params.sort, limit: params.limit };
    return new PagePromise(async (cursor) => {
      const call = { method: "GET", path: this.#base, query: { ...query, cursor }, options };
      return (await this.#caller.app<ListResponse<Entity<N>>>(call)).data;
    });
  }

  /** Creates an entity; a retried create reuses its `Idempotency-Key`, so it is created once. */
  async create(body: EntityTypes[N]["create"], options?: RequestOptions): Promise<Entity<N>> {
    const call = {
      method: "POST",
      path: this.#base,
      body: { kind: "json" as const, value: body },
      options,
    };
    return (await this.#caller.app<Entity<N>>(call)).data;
  }

  /** Reads one entity; a missing (or soft-deleted, or foreign) id throws `NotFoundError`. */
  async get(id: string, options?: RequestOptions): Promise<Entity<N>> {
    const call = { method: "GET", path: `${this.#base}/${segment(id)}`, options };
    return (await this.#caller.app<Entity<N>>(call)).data;
  }

  /** Changes the given fields (others keep their value) and returns the new version. */
  async update(
    id: string,
    patch: EntityTypes[N]["update"],
    options: ConditionalOptions = {},
  ): Promise<Entity<N>> {
    const call = {
      method: "PATCH",
      path: `${this.#base}/${segment(id)}`,
      headers: ifMatch(options.ifVersion),
      body: { kind: "json" as const, value: patch },
      options,
    };
    return (await this.#caller.app<Entity<N>>(call)).data;
  }

  /** Soft-deletes the entity (hidden from get and list, kept for audit). */
  async delete(id: string, options: ConditionalOptions = {}): Promise<void> {
    const headers = ifMatch(options.ifVersion);
    const call = {
      method: "DELETE",
      path: `${this.#base}/${segment(id)}`,
      headers,
      parse: "none" as const,
      options,
    };
    await this.#caller.app(call);
  }
}

/** `client.entities`: one resource per entity namespace, e.g. `people`, `technologyAssets`. */
export type Entities = { readonly [N in EntityNamespace]: EntityResource<N> };

/** Builds every namespace of the generated entity table. */
export function createEntities(caller: Caller): Entities {
  const names = Object.keys(ENTITY_NAMESPACES) as EntityNamespace[];
  return Object.freeze(
    Object.fromEntries(names.map((name) => [name, new EntityResource(caller, name)])),
  ) as Entities;
}
