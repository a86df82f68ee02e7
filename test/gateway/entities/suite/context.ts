// The state one run of the EntityStore conformance suite shares: the adapter under test, an
// EntityService over it, and fresh tenants (unique per run, so shared servers never collide).
import { ulid } from "ulid";
import { expect } from "vitest";
import type { ErrorCode } from "../../../../gen/errors/codes.js";
import {
  type Caller,
  type EntityRecord,
  EntityService,
  type EntityStore,
} from "../../../../server/gateway/entities/index.js";
import { ApiError } from "../../../../server/shared/errors/api-error.js";
import { CURSOR_KEY, steppingClock, types } from "../fixtures.js";

/** What an adapter factory hands the suite. */
export interface StoreHarness {
  store: EntityStore;
  /** Removes what the run wrote (rows of `tenants`, or a whole throwaway database). */
  cleanup(tenants: readonly string[]): Promise<void>;
}

/** Opens one adapter for a run; `run` is unique per run, for database names. */
export type OpenStore = (run: string) => Promise<StoreHarness>;

export class SuiteContext {
  #harness: StoreHarness | undefined;
  #service: EntityService | undefined;
  readonly tenants: string[] = [];
  readonly run = ulid().toLowerCase();

  async open(open: OpenStore): Promise<void> {
    this.#harness = await open(this.run);
    this.#service = this.serviceWith(CURSOR_KEY);
  }

  async close(): Promise<void> {
    await this.#harness?.cleanup(this.tenants);
  }

  get store(): EntityStore {
    if (!this.#harness) throw new Error("suite not opened");
    return this.#harness.store;
  }

  get service(): EntityService {
    if (!this.#service) throw new Error("suite not opened");
    return this.#service;
  }

  /** Another service over the same store, e.g. with another cursor key (another deployment). */
  serviceWith(cursorKey: Uint8Array): EntityService {
    return new EntityService({ store: this.store, types, cursorKey, now: steppingClock() });
  }

  /** A caller in a brand-new tenant. */
  caller(subject = "user-1", appId = "app-1"): Caller {
    const tenantId = `ten_${ulid()}`;
    this.tenants.push(tenantId);
    return { tenantId, appId, subject };
  }

  /** Every live entity of a type the caller can see, all pages, for "store unchanged" checks. */
  async snapshot(caller: Caller, type: string): Promise<EntityRecord[]> {
    const items: EntityRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.service.list(caller, type, { limit: 500, cursor });
      items.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return items;
  }
}

/** Asserts that `promise` rejects with an ApiError carrying `code`. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ApiError ${code}`).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  return error as ApiError;
}

/** The `name` (or `display_name`) of each item, for readable order assertions. */
export const names = (items: readonly EntityRecord[]) =>
  items.map((e) => (e.name ?? e.display_name) as string);
