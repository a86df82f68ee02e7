import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The sidecar's Prometheus registry: per-RPC counts and latency, plus process metrics. */
export interface SidecarMetrics {
  registry: Registry;
  rpcTotal: Counter<"method" | "code">;
  rpcSeconds: Histogram<"method">;
}

/** Values read when `/metrics` is scraped. */
export interface SidecarGauges {
  /** Milliseconds since the deny-list replica last synced with its store. */
  denyListSyncAgeMs?: () => number;
}

/** A fresh registry (one per sidecar, so tests and several sidecars in one process don't clash). */
export function createSidecarMetrics(gauges: SidecarGauges = {}): SidecarMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "coresdk_" });
  const syncAge = gauges.denyListSyncAgeMs;
  if (syncAge) {
    new Gauge({
      name: "coresdk_deny_list_sync_age_seconds",
      help: "Seconds since the deny-list replica last read its store (alert well below 30).",
      registers: [registry],
      collect() {
        this.set(syncAge() / 1000);
      },
    });
  }
  const rpcTotal = new Counter({
    name: "coresdk_rpc_total",
    help: "RPCs handled, by method and result code.",
    labelNames: ["method", "code"] as const,
    registers: [registry],
  });
  const rpcSeconds = new Histogram({
    name: "coresdk_rpc_duration_seconds",
    help: "RPC handling latency by method.",
    labelNames: ["method"] as const,
    // The sidecar sits on every request's path: resolve the sub-millisecond range finely.
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  return { registry, rpcTotal, rpcSeconds };
}
