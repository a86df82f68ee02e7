import { SidecarError } from "../errors/sidecar-error.js";
import type {
  DeniableToken,
  DenyEntry,
  DenyList,
  DenyListStore,
  StoredDenyEntry,
} from "./deny-list.js";

/** Options for {@link DenyListReplica}. */
export interface DenyListReplicaOptions {
  store: DenyListStore;
  /**
   * `CORESDK_FAIL_MODE`, for a replica that could not sync for longer than `staleAfterMs`:
   * `closed` refuses to answer (validation fails `unavailable`), `open` answers from what it has.
   */
  failMode: "closed" | "open";
  /** How often to poll the store for entries written by other replicas; default 1 s. */
  pollMs?: number;
  /** How long without a successful sync before the replica counts as stale; default 30 s. */
  staleAfterMs?: number;
  /**
   * How long past `expiresAt` an entry is kept: the validator's leeway, since it still accepts a
   * token that long after its `exp`. Default 0.
   */
  graceMs?: number;
  /** How often expired entries are swept from memory and from the store; default 60 s. */
  sweepMs?: number;
  /** Most entries read per query while catching up; default 1000. */
  batch?: number;
  /** The clock, epoch milliseconds; injected by tests. */
  now?: () => number;
  /** Operational messages (sync lost or regained, stale answers); never token contents. */
  log?: (message: string, error?: unknown) => void;
}

interface AppEntry {
  issuedBefore: number;
  expiresAt: number;
}

/**
 * The deny-list as one sidecar sees it: a replica in memory of the durable store, so
 * ValidateToken never does I/O for it and keeps working while any cache or even the database is
 * away. Loaded in full by `start()`, then kept current by polling `seq > last` every `pollMs`
 * (an unref'd timer, stopped by `stop()`), so every replica converges within one poll.
 * `revoke`/`revokeApp` write the store first and then this replica, so a revocation answered
 * here is denied here at once (the control plane waits for exactly that).
 *
 * When the store cannot be reached the replica keeps answering from memory. Once its last
 * successful sync is older than `staleAfterMs`, the fail mode decides: `closed` answers every
 * read with SidecarError `unavailable` (a revocation made elsewhere might be missing), `open`
 * keeps answering, logs once per outage and shows the age in {@link syncAgeMs} (exported as the
 * `coresdk_deny_list_sync_age_seconds` gauge).
 *
 * @example
 *   const denyList = new DenyListReplica({ store, failMode: "closed" });
 *   await denyList.start();
 *   if (denyList.isDenied({ jti, appId, iat })) reject();
 */
export class DenyListReplica implements DenyList {
  readonly #opts: Required<Omit<DenyListReplicaOptions, "log">> &
    Pick<DenyListReplicaOptions, "log">;
  readonly #jtis = new Map<string, number>();
  readonly #apps = new Map<string, AppEntry[]>();
  #last = 0;
  #lastSyncAt: number | undefined;
  #nextSweep = 0;
  #timer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | undefined;
  #failing = false;
  #staleLogged = false;

  constructor(opts: DenyListReplicaOptions) {
    this.#opts = {
      pollMs: 1_000,
      staleAfterMs: 30_000,
      graceMs: 0,
      sweepMs: 60_000,
      batch: 1_000,
      now: Date.now,
      ...opts,
    };
  }

  /** Loads every entry (throws when the store cannot be read), then polls until `stop()`. */
  async start(): Promise<void> {
    await this.sync();
    this.#timer ??= setInterval(() => void this.sync().catch(() => undefined), this.#opts.pollMs);
    this.#timer.unref();
  }

  /** Stops polling and waits for a poll in flight. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#syncing?.catch(() => undefined);
  }

  /** One poll: reads what other replicas wrote since the last one (joins a poll in flight). */
  sync(): Promise<void> {
    this.#syncing ??= this.#pull().finally(() => {
      this.#syncing = undefined;
    });
    return this.#syncing;
  }

  /** Denies one token until its `exp` (epoch seconds). Returns true when it already was. */
  async revoke(token: { jti: string; tenantId: string; exp: number }): Promise<boolean> {
    const entry: DenyEntry = {
      kind: "jti",
      subject: token.jti,
      tenantId: token.tenantId,
      issuedBefore: 0,
      expiresAt: Math.ceil(token.exp) * 1000,
    };
    return this.#write(entry);
  }

  /**
   * Denies every token of `appId` issued at or before `issuedBefore` (epoch seconds), until
   * `expiresAt` (epoch seconds). Returns true when an entry already covered it.
   */
  async revokeApp(app: {
    appId: string;
    tenantId: string;
    issuedBefore: number;
    expiresAt: number;
  }): Promise<boolean> {
    const entry: DenyEntry = {
      kind: "app",
      subject: app.appId,
      tenantId: app.tenantId,
      issuedBefore: Math.floor(app.issuedBefore),
      expiresAt: Math.ceil(app.expiresAt) * 1000,
    };
    return this.#write(entry);
  }

  isDenied(token: DeniableToken): boolean {
    const now = this.#trusted();
    if (this.#liveJti(token.jti, now)) return true;
    const entries = this.#apps.get(token.appId);
    if (!entries) return false;
    return entries.some((e) => token.iat <= e.issuedBefore && this.#live(e.expiresAt, now));
  }

  /** Whether this one `jti` is denied (IsRevoked); app entries are not consulted. */
  isRevoked(jti: string): boolean {
    return this.#liveJti(jti, this.#trusted());
  }

  /** Milliseconds since the last successful sync (Infinity before the first). */
  syncAgeMs(): number {
    const at = this.#lastSyncAt;
    return at === undefined ? Number.POSITIVE_INFINITY : this.#opts.now() - at;
  }

  /** Entries held in memory, for tests of the sweep. */
  get size(): number {
    let apps = 0;
    for (const entries of this.#apps.values()) apps += entries.length;
    return this.#jtis.size + apps;
  }

  async #write(entry: DenyEntry): Promise<boolean> {
    const now = this.#opts.now();
    if (!this.#live(entry.expiresAt, now)) return true; // nothing left to deny
    const added = await this.#opts.store.add(entry, now);
    this.#apply(entry, now);
    return !added;
  }

  async #pull(): Promise<void> {
    try {
      for (;;) {
        const entries = await this.#opts.store.since(this.#last, this.#opts.batch);
        const now = this.#opts.now();
        for (const entry of entries) this.#applyStored(entry, now);
        if (entries.length < this.#opts.batch) break;
      }
    } catch (error) {
      if (!this.#failing) this.#opts.log?.("deny-list sync failed; serving from memory", error);
      this.#failing = true;
      throw error;
    }
    if (this.#failing) this.#opts.log?.("deny-list sync recovered");
    this.#failing = false;
    this.#staleLogged = false;
    this.#lastSyncAt = this.#opts.now();
    await this.#sweep(this.#lastSyncAt);
  }

  #applyStored(entry: StoredDenyEntry, now: number): void {
    this.#last = Math.max(this.#last, entry.seq);
    this.#apply(entry, now);
  }

  #apply(entry: DenyEntry, now: number): void {
    if (!this.#live(entry.expiresAt, now)) return;
    if (entry.kind === "jti") {
      this.#jtis.set(entry.subject, Math.max(entry.expiresAt, this.#jtis.get(entry.subject) ?? 0));
      return;
    }
    const entries = this.#apps.get(entry.subject) ?? [];
    const covered = entries.some(
      (e) => e.issuedBefore >= entry.issuedBefore && e.expiresAt >= entry.expiresAt,
    );
    if (!covered) entries.push({ issuedBefore: entry.issuedBefore, expiresAt: entry.expiresAt });
    this.#apps.set(entry.subject, entries);
  }

  /** Drops expired entries from memory and (best effort) from the store, once per `sweepMs`. */
  async #sweep(now: number): Promise<void> {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.#opts.sweepMs;
    for (const [jti, expiresAt] of this.#jtis) {
      if (!this.#live(expiresAt, now)) this.#jtis.delete(jti);
    }
    for (const [app, entries] of this.#apps) {
      const live = entries.filter((e) => this.#live(e.expiresAt, now));
      if (live.length === 0) this.#apps.delete(app);
      else this.#apps.set(app, live);
    }
    await this.#opts.store.sweep(now - this.#opts.graceMs).catch((error: unknown) => {
      this.#opts.log?.("deny-list sweep failed; will retry", error);
    });
  }

  #live(expiresAt: number, now: number): boolean {
    return expiresAt + this.#opts.graceMs > now;
  }

  #liveJti(jti: string, now: number): boolean {
    const expiresAt = this.#jtis.get(jti);
    return expiresAt !== undefined && this.#live(expiresAt, now);
  }

  /** The clock, after checking the replica may answer (see the class comment); throws if not. */
  #trusted(): number {
    const now = this.#opts.now();
    const at = this.#lastSyncAt;
    if (at !== undefined && now - at <= this.#opts.staleAfterMs) return now;
    if (this.#opts.failMode === "closed") {
      throw new SidecarError("unavailable", "deny-list replica is stale");
    }
    if (!this.#staleLogged) {
      this.#staleLogged = true;
      this.#opts.log?.("deny-list replica is stale; CORESDK_FAIL_MODE=open keeps validating");
    }
    return now;
  }
}
