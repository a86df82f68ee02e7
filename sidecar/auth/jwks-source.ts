import {
  type CryptoKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  type ExportedJWKSCache,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWK,
  type JWSHeaderParameters,
  jwksCache,
} from "jose";
import { JWKS_REFETCH_COOLDOWN_MS } from "../../lib/sidecar-wire.js";

/**
 * Where the validator gets its trusted signing keys. Two jobs: pick the key a token names (jose's
 * key-resolver shape, so `jwtVerify` can call it) and list the public keys for GetJwks.
 */
export interface JwksSource {
  /** Resolves the one key matching the header's `alg` and `kid`; throws jose's JWKS errors. */
  getKey(header: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<CryptoKey>;
  /** The trusted keys, public members only. */
  keys(): Promise<JWK[]>;
  /** When the current key set was loaded; `undefined` before the first load. */
  readonly fetchedAt: Date | undefined;
}

/** JWK members that carry private (RSA, EC, OKP) or symmetric key material. */
const PRIVATE_MEMBERS = new Set(["d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"]);

/**
 * A copy of `jwk` without private members. A misconfigured control plane could publish a private
 * key; it must never be held for verification nor echoed by GetJwks.
 */
export function publicJwk(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.has(name)));
}

function publicJwks(jwks: JSONWebKeySet): JSONWebKeySet {
  return { keys: jwks.keys.map(publicJwk) };
}

/**
 * A key set held in memory: the embedded mode (`cpod dev`, where the control plane runs in the
 * same process and calls `replace` when it rotates keys) and tests.
 *
 * @example
 *   const jwks = new StaticJwksSource({ keys: [await exportJWK(publicKey)] });
 */
export class StaticJwksSource implements JwksSource {
  #set: ReturnType<typeof createLocalJWKSet>;
  #fetchedAt: Date;

  constructor(jwks: JSONWebKeySet) {
    this.#set = createLocalJWKSet(publicJwks(jwks));
    this.#fetchedAt = new Date();
  }

  /** Swaps in a new key set (key rotation in the embedded control plane). */
  replace(jwks: JSONWebKeySet): void {
    this.#set = createLocalJWKSet(publicJwks(jwks));
    this.#fetchedAt = new Date();
  }

  getKey(header: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<CryptoKey> {
    return this.#set(header, token);
  }

  async keys(): Promise<JWK[]> {
    return this.#set.jwks().keys.map(publicJwk);
  }

  get fetchedAt(): Date {
    return this.#fetchedAt;
  }
}

/** Options for {@link RemoteJwksSource}. */
export interface RemoteJwksOptions {
  /** The control plane's JWKS endpoint (`CORESDK_JWKS_URL`). */
  url: string;
  /** Minimum time between two fetches caused by an unknown `kid`; default 5 s. */
  cooldownMs?: number;
  /** Refetch the set when it is older than this even if every `kid` matches; default 10 min. */
  cacheMaxAgeMs?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * The control plane's JWKS over HTTP, cached. An unknown `kid` (a key rotated in) refetches once,
 * but at most once per cooldown, so a flood of tokens with made-up `kid`s cannot turn into a flood
 * of requests to the control plane. Caching, cooldown and single-flight are jose's
 * `createRemoteJWKSet` (its clock is `Date.now`); this class adds key listing and strips private
 * members from every response before jose sees it.
 *
 * @example
 *   const jwks = new RemoteJwksSource({ url: "http://127.0.0.1:8080/.well-known/jwks.json" });
 */
export class RemoteJwksSource implements JwksSource {
  readonly #set: ReturnType<typeof createRemoteJWKSet>;
  readonly #cache: Partial<ExportedJWKSCache> = {};

  constructor(opts: RemoteJwksOptions) {
    const url = new URL(opts.url); // a bad URL is misuse: TypeError at construction
    const fetchImpl = opts.fetch ?? fetch;
    this.#set = createRemoteJWKSet(url, {
      cooldownDuration: opts.cooldownMs ?? JWKS_REFETCH_COOLDOWN_MS,
      cacheMaxAge: opts.cacheMaxAgeMs ?? 600_000,
      [customFetch]: (href, init) => fetchPublicOnly(fetchImpl, href, init),
      [jwksCache]: this.#cache as Record<string, never>,
    });
  }

  getKey(header: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<CryptoKey> {
    return this.#set(header, token);
  }

  async keys(): Promise<JWK[]> {
    if (!this.#set.fresh) await this.#set.reload();
    return (this.#set.jwks()?.keys ?? []).map(publicJwk);
  }

  get fetchedAt(): Date | undefined {
    return this.#cache.uat === undefined ? undefined : new Date(this.#cache.uat);
  }
}

/** Fetches the set and drops private members; anything but a 200 goes back to jose untouched. */
async function fetchPublicOnly(
  fetchImpl: typeof fetch,
  href: string,
  init: RequestInit,
): Promise<Response> {
  const response = await fetchImpl(href, init);
  if (response.status !== 200) return response;
  const body: unknown = await response.json();
  const keys = (body as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) return Response.json(body);
  return Response.json({ keys: keys.map((k) => (k && typeof k === "object" ? publicJwk(k) : k)) });
}
