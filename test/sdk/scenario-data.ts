import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The shared SDK scenarios (sdk/scenarios/*.json, described by its schema.json and README.md)
// as TypeScript types, so the runner reads them without casts at every use.

export const SCENARIOS_DIR = fileURLToPath(new URL("../../sdk/scenarios/", import.meta.url));

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  body_text?: string;
}
export type Step = ScriptedResponse | { network_error: true };
export type Outcome = { ok: true } | { class: string; code: string; status: number };

export interface ErrorsFile {
  scenarios: {
    name: string;
    response: ScriptedResponse;
    expect: {
      class: string;
      code: string;
      status: number;
      retryable: boolean;
      request_id?: string;
      detail?: string;
      retry_after_seconds?: number;
      message?: string;
    };
  }[];
  status_sweep: {
    from: number;
    to: number;
    fallback_codes: Record<string, string>;
    "4xx_code": string;
    "5xx_code": string;
    retryable: [number, number][];
  };
}

export type RetryMethod = "GET" | "PUT" | "DELETE" | "POST";

export interface RetryFile {
  clock_start: string;
  scenarios: {
    name: string;
    method: RetryMethod;
    random: number;
    max_retries?: number;
    responses: Step[];
    expect: {
      attempts: number;
      waits_ms: number[];
      idempotency_key: "same" | "absent";
      outcome: Outcome;
    };
  }[];
}

export interface TokensFile {
  scenarios: {
    name: string;
    expires_in: number | null;
    token_responses?: Step[];
    steps: {
      advance_seconds: number;
      calls: number;
      responses?: ScriptedResponse[];
      expect: { token_requests: number; bearers: string[]; outcome: Outcome };
    }[];
  }[];
}

export interface PaginationFile {
  scenarios: {
    name: string;
    take?: number;
    pages: ({ items: string[]; next_cursor: string | null } | { error: ScriptedResponse })[];
    expect: { keys: string[]; cursors: (string | null)[]; outcome: Outcome };
  }[];
}

export const load = <T>(name: string): T =>
  JSON.parse(readFileSync(`${SCENARIOS_DIR}${name}`, "utf8")) as T;

export const errorsFile = load<ErrorsFile>("errors.json");
export const retryFile = load<RetryFile>("retry.json");
export const tokensFile = load<TokensFile>("tokens.json");
export const paginationFile = load<PaginationFile>("pagination.json");

/** The network-error marker of a scripted step. */
export const isNetworkError = (step: Step): step is { network_error: true } =>
  "network_error" in step;

/** Every class an outcome or error expectation of any file names. */
export function classesCovered(): Set<string> {
  const outcomes: Outcome[] = [
    ...retryFile.scenarios.map((s) => s.expect.outcome),
    ...tokensFile.scenarios.flatMap((s) => s.steps.map((step) => step.expect.outcome)),
    ...paginationFile.scenarios.map((s) => s.expect.outcome),
  ];
  return new Set([
    ...errorsFile.scenarios.map((s) => s.expect.class),
    ...outcomes.flatMap((o) => ("class" in o ? [o.class] : [])),
  ]);
}

/** The class the error scenarios give each code (from Problem bodies that carry that code). */
export function classOfCode(): Map<string, string> {
  const table = new Map<string, string>();
  for (const { response, expect } of errorsFile.scenarios) {
    const body = response.body as { code?: unknown } | undefined;
    if (body?.code === expect.code && expect.status !== 401) table.set(expect.code, expect.class);
  }
  return table;
}

/** What the status sweep expects of `status`: its code and whether it is retried. */
export function sweepExpectation(status: number): { code: string; retryable: boolean } {
  const sweep = errorsFile.status_sweep;
  const code =
    sweep.fallback_codes[String(status)] ?? (status >= 500 ? sweep["5xx_code"] : sweep["4xx_code"]);
  const retryable = sweep.retryable.some(([first, last]) => status >= first && status <= last);
  return { code, retryable };
}
