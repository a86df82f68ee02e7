import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type Health,
  type HealthCheckResponse,
  HealthCheckResponseSchema,
  HealthListResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "../../gen/proto/grpc/health/v1/health_pb.js";
import { checkReadiness, type ReadinessChecks } from "../server/readiness.js";

/** What `grpc.health.v1.Health` answers from. */
export interface HealthOptions {
  /** The sidecar's readiness probes: the same ones the ops `/readyz` runs. */
  readiness: ReadinessChecks;
  /** The service names answered besides "" (the whole server), e.g. `coresdk.v1.AuthService`. */
  services: readonly string[];
  /** How often an open Watch re-runs the probes (default 1 s). */
  pollMs?: number;
}

/** The Health implementation and its off switch. */
export interface HealthServer {
  impl: ServiceImpl<typeof Health>;
  /** Everything answers NOT_SERVING from now on; open Watch streams send it and end. */
  shutdown(): void;
}

const response = (status: ServingStatus): HealthCheckResponse =>
  create(HealthCheckResponseSchema, { status });

/**
 * The standard gRPC health service (github.com/grpc/grpc/blob/master/doc/health-checking.md),
 * for Kubernetes gRPC probes and `grpc_health_probe`. The serving status is the sidecar's
 * readiness — every probe of `/readyz` answers — for "" and for each served service alike: every
 * coresdk.v1 service needs the SQL store at least (tokens, secrets) and splitting the stores per
 * service would let a probe call the sidecar ready while the gateway's Admit fails. A name it does
 * not serve is NOT_FOUND for Check and SERVICE_UNKNOWN for Watch, as the protocol says.
 * Concurrent callers share one run of the probes.
 *
 * @example
 *   const health = createHealthService({ readiness: sidecar.readiness, services: ["coresdk.v1.AuthService"] });
 *   router.service(Health, health.impl); // … and on close: health.shutdown();
 */
export function createHealthService(options: HealthOptions): HealthServer {
  const known = new Set(["", ...options.services]);
  const pollMs = options.pollMs ?? 1000;
  const stopping = new AbortController();
  let running: Promise<ServingStatus> | undefined;
  const overall = (): Promise<ServingStatus> => {
    if (stopping.signal.aborted) return Promise.resolve(ServingStatus.NOT_SERVING);
    running ??= checkReadiness(options.readiness)
      .then(({ ready }) => (ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const statusOf = (service: string) =>
    known.has(service) ? overall() : Promise.resolve(ServingStatus.SERVICE_UNKNOWN);

  const impl: ServiceImpl<typeof Health> = {
    async check(request) {
      const status = await statusOf(request.service);
      if (status === ServingStatus.SERVICE_UNKNOWN) {
        throw new ConnectError(`unknown service ${request.service}`, Code.NotFound);
      }
      return response(status);
    },
    async list() {
      const status = await overall();
      const statuses = Object.fromEntries([...known].map((name) => [name, response(status)]));
      return create(HealthListResponseSchema, { statuses });
    },
    async *watch(request, context) {
      const wake = AbortSignal.any([context.signal, stopping.signal]);
      let last: ServingStatus | undefined;
      while (!context.signal.aborted) {
        const status = await statusOf(request.service);
        if (status !== last) yield response(status);
        last = status;
        if (stopping.signal.aborted) return;
        await sleep(pollMs, undefined, { signal: wake }).catch(() => undefined);
      }
    },
  };
  return { impl, shutdown: () => stopping.abort() };
}
