import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Interceptor } from "@connectrpc/connect";
import { type ConfigErrorFactory, loadOrCreateSecretFile } from "./master-key.js";

// The platform caller credential: a shared secret every sidecar client sends and the sidecar
// requires (DESIGN.md §5, "callers are authenticated, not declared"). Both sides read it the
// same way, so it lives once in lib/.

/** The gRPC metadata key (HTTP/2 header) that carries the credential on every sidecar call. */
export const CALLER_CREDENTIAL_HEADER = "cpod-caller-credential";

/** The file a non-production installation shares the credential through, under the data dir. */
export const CALLER_CREDENTIAL_FILE = "caller.credential";

/** Shortest credential accepted: 32 characters, as much as a 192-bit random value in base64. */
export const MIN_CREDENTIAL_CHARS = 32;

/**
 * Where a program takes the credential from: `CORESDK_CALLER_CREDENTIAL` (the value),
 * `CORESDK_CALLER_CREDENTIAL_FILE` (a file holding it), or — outside production, when neither is
 * set — `<CPOD_DATA_DIR>/caller.credential`, created once (0600) by whichever program starts
 * first and read by the others.
 */
export type CallerCredentialSource =
  | { kind: "value"; value: string }
  | { kind: "file"; path: string }
  | { kind: "data-dir"; dir: string };

/**
 * The credential setting of `env`; undefined in production when nothing is set (there is no
 * default there). A value that is too short throws `configError(…)` without echoing it.
 *
 * @example
 *   callerCredentialSource(process.env, false, (m) => new ConfigError(m));
 */
export function callerCredentialSource(
  env: NodeJS.ProcessEnv,
  production: boolean,
  configError: ConfigErrorFactory,
): CallerCredentialSource | undefined {
  const value = env.CORESDK_CALLER_CREDENTIAL;
  if (value)
    return { kind: "value", value: checked(value, "CORESDK_CALLER_CREDENTIAL", configError) };
  const path = env.CORESDK_CALLER_CREDENTIAL_FILE;
  if (path) return { kind: "file", path };
  if (production) return undefined;
  return { kind: "data-dir", dir: env.CPOD_DATA_DIR || ".cpod" };
}

/**
 * The credential text of a source: the value, the file's first line, or the data-dir file
 * (created on first use). A missing, unreadable or short file throws `configError(…)` naming the
 * variable or path, never the content.
 *
 * @example
 *   const credential = await readCallerCredential(source, (m) => new ConfigError(m));
 */
export async function readCallerCredential(
  source: CallerCredentialSource,
  configError: ConfigErrorFactory,
): Promise<string> {
  if (source.kind === "value") return source.value;
  if (source.kind === "data-dir") {
    const text = await loadOrCreateSecretFile(source.dir, CALLER_CREDENTIAL_FILE, () => {
      return `${newCallerCredential()}\n`;
    });
    return checked(text.trim(), `${source.dir}/${CALLER_CREDENTIAL_FILE}`, configError);
  }
  const text = await readFile(source.path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw configError(
      `CORESDK_CALLER_CREDENTIAL_FILE=${source.path} cannot be read (${error.code ?? "error"})`,
    );
  });
  return checked(text.trim(), `CORESDK_CALLER_CREDENTIAL_FILE=${source.path}`, configError);
}

function checked(value: string, name: string, configError: ConfigErrorFactory): string {
  if (value.length < MIN_CREDENTIAL_CHARS || /\s/.test(value)) {
    throw configError(
      `${name} must hold at least ${MIN_CREDENTIAL_CHARS} characters and no whitespace; ` +
        "generate one with `openssl rand -base64 32`",
    );
  }
  return value;
}

/** A fresh random credential (32 bytes, base64url): what `cpod dev` and the data-dir file use. */
export function newCallerCredential(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The expected credential, kept only as its SHA-256 digest. `matches` hashes what a caller
 * presented and compares the two digests with `timingSafeEqual`: equal-length inputs, so
 * neither the content nor the length of the secret leaks through timing.
 *
 * @example
 *   const expected = new CallerCredential(secret);
 *   expected.matches(headers["cpod-caller-credential"]); // true | false
 */
export class CallerCredential {
  readonly #digest: Buffer;

  constructor(value: string) {
    if (value.length === 0) throw new TypeError("CallerCredential: empty credential");
    this.#digest = digest(value);
  }

  matches(presented: string | readonly string[] | undefined): boolean {
    if (typeof presented !== "string") return false;
    return timingSafeEqual(digest(presented), this.#digest);
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * A connect interceptor that sends the credential on every call of a client — how the gateway's
 * and the control plane's connect clients (and stock clients in tests) present it.
 *
 * @example
 *   createConnectTransport({ baseUrl, httpVersion: "2", interceptors: [sendCallerCredential(c)] });
 */
export function sendCallerCredential(credential: string): Interceptor {
  return (next) => (req) => {
    req.header.set(CALLER_CREDENTIAL_HEADER, credential);
    return next(req);
  };
}
