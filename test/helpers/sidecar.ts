import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DescService } from "@bufbuild/protobuf";
import {
  type Client,
  createClient,
  createRouterTransport,
  type Interceptor,
} from "@connectrpc/connect";
import {
  CALLER_CREDENTIAL_HEADER,
  type CallerCredentialSource,
  sendCallerCredential,
} from "../../lib/caller-credential.js";
import type { Sidecar } from "../../sidecar/app.js";
import { loadSidecarConfig, type SidecarConfig } from "../../sidecar/config.js";
import { sidecarRoutes } from "../../sidecar/services/registry.js";

/** The platform caller credential every test sidecar requires (see testSidecarConfig). */
export const TEST_CALLER_CREDENTIAL = "test-caller-credential-0123456789abcdef";

/** The credential as request metadata, for stock clients (grpc-js, buf curl, fetch). */
export const CALLER_HEADERS: Readonly<Record<string, string>> = {
  [CALLER_CREDENTIAL_HEADER]: TEST_CALLER_CREDENTIAL,
};

/** A connect interceptor sending the test credential, for connect-node transports. */
export const withCallerCredential = sendCallerCredential(TEST_CALLER_CREDENTIAL);

/**
 * A connect interceptor sending `authorization: Bearer <token>`: the caller's own access token,
 * which tenant-scoped RPCs (secrets, audit Query/Verify) derive the caller from.
 *
 * @example
 *   createGrpcTransport({ baseUrl, interceptors: [withCallerCredential, withAccessToken(t)] });
 */
export function withAccessToken(token: string): Interceptor {
  return (next) => (req) => {
    req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
}

/** The test credential as a program's setting (control plane config). */
export const TEST_CALLER_CREDENTIAL_SOURCE: CallerCredentialSource = {
  kind: "value",
  value: TEST_CALLER_CREDENTIAL,
};

/**
 * A client of a built sidecar's services in this process — no wire, no interceptors, no caller
 * check: how a test looks at what a store holds (any tenant's chain, say), the way an operator
 * with access to the store would. Nothing outside the process can reach it.
 */
export function inProcessClient<S extends DescService>(sidecar: Sidecar, service: S): Client<S> {
  return createClient(service, createRouterTransport(sidecarRoutes(sidecar.implementations)));
}

/**
 * A sidecar config for tests: free ports on loopback, a fresh data dir, embedded stores unless
 * the caller passes store URLs in `env`, and TEST_CALLER_CREDENTIAL as the caller credential.
 * Without a store URL the sidecar runs its own embedded PostgreSQL under the data dir, as in
 * production (initdb and start: about a second).
 */
export function testSidecarConfig(env: Record<string, string> = {}): SidecarConfig {
  return loadSidecarConfig({
    CORESDK_LISTEN_ADDR: "127.0.0.1:0",
    CORESDK_METRICS_ADDR: "127.0.0.1:0",
    CPOD_DATA_DIR: mkdtempSync(join(tmpdir(), "cpod-sidecar-")),
    CORESDK_CALLER_CREDENTIAL: TEST_CALLER_CREDENTIAL,
    ...env,
  });
}

/** The compiled default policy bundle. */
export const POLICY_BUNDLE = new URL("../../gen/policy/authz.wasm", import.meta.url).pathname;
