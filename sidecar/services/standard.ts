import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { Health } from "../../gen/proto/grpc/health/v1/health_pb.js";
import { ServerReflection } from "../../gen/proto/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionAlpha } from "../../gen/proto/grpc/reflection/v1alpha/reflection_pb.js";
import type { ReadinessChecks } from "../server/readiness.js";
import { createHealthService } from "./health.js";
import { createReflectionService } from "./reflection.js";

/** The standard gRPC services beside coresdk.v1, ready to register. */
export interface StandardGrpcServices {
  /** Descriptor and implementation pairs (the lean dispatcher must know them to leave them be). */
  pairs: [DescService, object][];
  register(router: ConnectRouter): void;
  /** Health answers NOT_SERVING; open Watch and reflection streams end. Call before draining. */
  shutdown(): void;
}

/**
 * `grpc.health.v1.Health` (status = readiness) and server reflection v1 + v1alpha over `served`
 * and themselves, so probes and `grpcurl` need no proto files. Who may call them is in
 * sidecar/caller/caller-rules.ts (all public).
 *
 * @example
 *   const standard = standardGrpcServices({ readiness: sidecar.readiness, served: [AuthService] });
 *   const routes = (router) => { sidecarRoutes(impls)(router); standard.register(router); };
 */
export function standardGrpcServices(opts: {
  readiness: ReadinessChecks;
  served: readonly DescService[];
  healthPollMs?: number;
}): StandardGrpcServices {
  const health = createHealthService({
    readiness: opts.readiness,
    services: opts.served.map((service) => service.typeName),
    pollMs: opts.healthPollMs,
  });
  const stopping = new AbortController();
  const reflection = createReflectionService(
    [...opts.served, Health, ServerReflection, ServerReflectionAlpha],
    stopping.signal,
  );
  const pairs: [DescService, object][] = [
    [Health, health.impl],
    [ServerReflection, reflection.v1],
    [ServerReflectionAlpha, reflection.v1alpha],
  ];
  return {
    pairs,
    register: (router) => {
      router.service(Health, health.impl);
      router.service(ServerReflection, reflection.v1);
      router.service(ServerReflectionAlpha, reflection.v1alpha);
    },
    shutdown: () => {
      health.shutdown();
      stopping.abort();
    },
  };
}
