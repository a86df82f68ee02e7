import { DEFAULT_RETRY_AFTER_SECONDS } from "../../../lib/store-unavailable.js";
import { ApiError } from "../errors/api-error.js";

/** A dependency probe for `/readyz`: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => Promise<void>;

/** A check that has not answered in this long counts as failing (a paused server never does). */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

/** `/healthz`: the process is alive; it checks nothing else on purpose. */
export async function healthResult() {
  return { status: 200 as const, body: { status: "ok" as const } };
}

/** Runs `check`, failing it when it takes longer than `ms`. */
async function bounded(check: ReadinessCheck | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  try {
    await Promise.race([check?.(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/readyz`: runs every check, each bounded by {@link READINESS_CHECK_TIMEOUT_MS}; any failure
 * is a 503 naming the failing checks (never their connection details) with `Retry-After`, so a
 * load balancer stops sending traffic and a client knows when to try again.
 */
export async function readinessResult(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = READINESS_CHECK_TIMEOUT_MS,
) {
  const names = Object.keys(checks);
  const results = await Promise.allSettled(names.map((name) => bounded(checks[name], timeoutMs)));
  const failing = names.filter((_, i) => results[i]?.status === "rejected");
  if (failing.length > 0)
    throw new ApiError("unavailable", `Not ready: ${failing.join(", ")}`, {
      headers: { "retry-after": String(DEFAULT_RETRY_AFTER_SECONDS) },
    });
  return {
    status: 200 as const,
    body: {
      status: "ready" as const,
      checks: Object.fromEntries(names.map((n) => [n, "ok" as const])),
    },
  };
}
