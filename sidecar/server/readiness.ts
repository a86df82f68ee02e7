/** The sidecar's readiness probes by name (`sql`, `audit`, `redis`): each resolves when it answers. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

/**
 * Runs every readiness probe at once and names the failing ones. The one definition of "ready"
 * for the ops `/readyz` and the gRPC `grpc.health.v1.Health` service, so the two never disagree.
 *
 * @example
 *   const { ready, failing } = await checkReadiness(sidecar.readiness); // failing: ["redis"]
 */
export async function checkReadiness(
  checks: ReadinessChecks,
): Promise<{ ready: boolean; failing: string[] }> {
  const names = Object.keys(checks);
  const results = await Promise.allSettled(names.map((name) => checks[name]?.()));
  const failing = names.filter((_, i) => results[i]?.status === "rejected");
  return { ready: failing.length === 0, failing };
}
