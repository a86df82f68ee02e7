import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Buckets in seconds, from 100 µs (a sidecar hop on loopback) to 10 s (a slow upload). */
const BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
];

/**
 * The gateway's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * several gateways in one process (`cpod dev`, tests) never share or clash over series.
 * Labels are the route template and the RPC name — never a tenant, key or id, which would
 * explode cardinality and leak data into a system that is not tenant-aware.
 */
export function createGatewayMetrics(
  opts: { auditLag?: () => Promise<AuditLag>; admissionWaiting?: () => number } = {},
) {
  const { auditLag, admissionWaiting } = opts;
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({
      name: "cpod_http_requests_total",
      help: "HTTP requests by route template, method and status.",
      labelNames: ["route", "method", "status"] as const,
      registers: [registry],
    }),
    requestDuration: new Histogram({
      name: "cpod_http_request_duration_seconds",
      help: "Time from request received to response sent, by route template, method and status.",
      labelNames: ["route", "method", "status"] as const,
      buckets: BUCKETS,
      registers: [registry],
    }),
    sidecarDuration: new Histogram({
      name: "cpod_sidecar_call_duration_seconds",
      help: "Gateway-side latency of each sidecar call (Admit, EmitBatch).",
      labelNames: ["step", "outcome"] as const,
      buckets: BUCKETS,
      registers: [registry],
    }),
    auditQueueDepth: new Gauge({
      name: "cpod_audit_queue_depth",
      help: "Audit records in the durable queue, waiting for the sidecar (read at scrape time).",
      registers: [registry],
      async collect() {
        if (auditLag) this.set((await auditLag()).depth);
      },
    }),
    auditQueueOldestAge: new Gauge({
      name: "cpod_audit_queue_oldest_age_seconds",
      help: "Age of the oldest audit record still waiting in the durable queue; 0 when it is empty.",
      registers: [registry],
      async collect() {
        if (auditLag) this.set((await auditLag()).oldestAgeSeconds);
      },
    }),
    auditRepaired: new Counter({
      name: "cpod_audit_records_repaired_total",
      help: "Audit records whose fields broke the sidecar's rules and were repaired and flagged, by field.",
      labelNames: ["field"] as const,
      registers: [registry],
    }),
    auditRejected: new Counter({
      name: "cpod_audit_records_rejected_total",
      help: "Audit records the sidecar refused even after repair, set aside in audit-rejected.jsonl (should stay 0).",
      registers: [registry],
    }),
    admissionWaiting: new Gauge({
      name: "cpod_admission_waiting",
      help: "Requests waiting for their turn to be admitted (CPOD_ADMISSION_CONCURRENCY in flight).",
      registers: [registry],
      collect() {
        if (admissionWaiting) this.set(admissionWaiting());
      },
    }),
    admissionRefused: new Counter({
      name: "cpod_admission_queue_refusals_total",
      help: "Requests answered 503 because CPOD_ADMISSION_QUEUE_MAX requests were already waiting.",
      registers: [registry],
    }),
    auditRefused: new Counter({
      name: "cpod_audit_backlog_refusals_total",
      help: "Requests answered 503 because the audit backlog was over its bound.",
      registers: [registry],
    }),
  };
}

/** How far the audit chain is behind the gateway: records queued and the oldest one's age. */
export interface AuditLag {
  depth: number;
  oldestAgeSeconds: number;
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
