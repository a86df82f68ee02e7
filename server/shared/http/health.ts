import { ApiError } from "../errors/api-error.js";

/** A dependency probe for `/readyz`: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => Promise<void>;

/** `/healthz`: the process is alive; it checks nothing else on purpose. */
export async function healthResult() {
  return { status: 200 as const, body: { status: "ok" as const } };
}

/**
 * `/readyz`: runs every check; any failure is a 503 naming the failing checks (never their
 * connection details), so a load balancer stops sending traffic.
 */
export async function readinessResult(checks: Record<string, ReadinessCheck>) {
  const names = Object.keys(checks);
  const results = await Promise.allSettled(names.map((name) => checks[name]?.()));
  const failing = names.filter((_, i) => results[i]?.status === "rejected");
  if (failing.length > 0) throw new ApiError("unavailable", `Not ready: ${failing.join(", ")}`);
  return {
    status: 200 as const,
    body: {
      status: "ready" as const,
      checks: Object.fromEntries(names.map((n) => [n, "ok" as const])),
    },
  };
}
