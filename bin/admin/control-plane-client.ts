import { FailedError, RefusedError, UnreachableError } from "./errors.js";

/** How long one call may take before the command gives up (a hung server is a failure). */
const CALL_TIMEOUT_MS = 30_000;
/** Items per page of a list: the contract's maximum `limit`. */
const PAGE_SIZE = 500;

/** One call to the control plane. */
export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (the OAuth token endpoint). */
  form?: Record<string, string>;
  /** Replaces the admin token (the token endpoint authenticates the app instead). */
  authorization?: string;
}

/** Why fetch got no answer, in a few words: the socket's code (ECONNREFUSED) or its sentence. */
function why(error: unknown): string {
  if ((error as Error).name === "TimeoutError") return `no answer in ${CALL_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * A validation Problem's field errors as `where: what` (the path's last segment is the flag or
 * argument the operator typed), so "does not match the schema" never stands alone.
 */
function fieldErrors(body: Record<string, unknown>): string {
  if (!Array.isArray(body.errors)) return "";
  const seen = new Set<string>();
  for (const e of body.errors as Array<{ path?: unknown; message?: unknown }>) {
    const where =
      String(e.path ?? "")
        .split("/")
        .filter(Boolean)
        .pop() ?? "";
    seen.add(where ? `${where}: ${String(e.message)}` : String(e.message));
  }
  return [...seen].join("; ");
}

/**
 * The refusal in a 4xx/5xx answer: a Problem (`code`, `detail`, field `errors`) or an RFC 6749
 * error body (`error`, `error_description`); anything else is named by its status alone.
 */
async function refusal(response: Response): Promise<RefusedError> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  const code = body.code ?? body.error ?? "http_error";
  const detail = String(body.detail ?? body.error_description ?? body.title ?? "");
  const fields = fieldErrors(body);
  return new RefusedError(response.status, String(code), fields ? `${detail} ${fields}` : detail);
}

/**
 * The control plane's public HTTP contract (openapi/control-plane.yaml) as the admin commands
 * call it: the admin token on every call, JSON in and out, and every failure turned into a
 * typed error here and nowhere else — `RefusedError` for an answer that is not 2xx,
 * `UnreachableError` for no answer.
 *
 * @example
 *   const tenant = await client.call<Tenant>("GET", `/v1/tenants/${id}`);
 */
export class ControlPlaneClient {
  constructor(
    private readonly baseUrl: string,
    private readonly adminToken: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async call<T>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      authorization: opts.authorization ?? `Bearer ${this.adminToken}`,
      accept: "application/json",
    };
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(opts.form).toString();
    }
    const response = await this.#send(url, { method, headers, body });
    if (!response.ok) throw await refusal(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (error) {
      // A 2xx that is not JSON is not this contract: a proxy, or the wrong URL.
      throw new FailedError(
        `${url.origin} answered ${response.status} without JSON; is it the control plane?`,
        {
          cause: error,
        },
      );
    }
  }

  /**
   * The pages of a `{items, next_cursor}` list, in order, one call per page as it is consumed,
   * 500 items a page (the contract's maximum, so a long list takes the fewest round trips).
   *
   * @example
   *   for await (const records of client.pages<AuditRecord>(path)) write(records);
   */
  async *pages<T>(path: string, query: CallOptions["query"] = {}): AsyncGenerator<T[]> {
    let cursor: string | undefined;
    do {
      const page = await this.call<{ items: T[]; next_cursor: string | null }>("GET", path, {
        query: { ...query, limit: PAGE_SIZE, cursor },
      });
      yield page.items;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  /** Every item of a `{items, next_cursor}` list, following the cursors to the last page. */
  async listAll<T>(path: string, query: CallOptions["query"] = {}): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(path, query)) items.push(...page);
    return items;
  }

  async #send(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    } catch (error) {
      throw new UnreachableError(
        `cannot reach the control plane at ${url.origin} (${why(error)})`,
        {
          cause: error,
        },
      );
    }
  }
}
