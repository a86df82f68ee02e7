import { programUsage } from "./program-args.js";

/** `cpod <program> --help` for each long-running program; the settings most people look for. */
export const PROGRAM_USAGE: Record<string, string> = {
  dev: programUsage(
    "dev",
    [
      "Runs the gateway, control plane and sidecar in one process on embedded stores, creates a dev",
      "tenant and app on first run, and prints their credentials as export lines. Ctrl-C stops it.",
    ].join("\n"),
    [
      "CPOD_DATA_DIR            where the embedded stores live (default .cpod)",
      "CPOD_GATEWAY_ADDR        gateway address (default 127.0.0.1:8000; port 0 = a free one)",
      "CPOD_CONTROL_PLANE_ADDR  control plane address (default 127.0.0.1:8080)",
      "CORESDK_LISTEN_ADDR      sidecar address (default [::1]:50051)",
      "CORESDK_METRICS_ADDR     sidecar ops address (default 127.0.0.1:9091)",
      "CPOD_LOG_LEVEL           info by default",
      "CPOD_*_URL               a store URL switches that store to a real server",
    ],
  ),
  gateway: programUsage(
    "gateway",
    "Runs cpod-backend, the public REST gateway, in front of a CoreSDK sidecar and the stores.",
    [
      "CPOD_GATEWAY_ADDR        listen address (default 127.0.0.1:8000)",
      "CORESDK_SIDECAR_ADDR     the sidecar, e.g. http://[::1]:50051",
      "CPOD_CONTROL_PLANE_URL   the control plane the OAuth and app routes are forwarded to",
      "CPOD_MONGO_URL, CPOD_REDIS_URL, CPOD_S3_*, CPOD_CLICKHOUSE_URL  the stores",
      "CPOD_TLS_CERT_FILE, CPOD_TLS_KEY_FILE  serve HTTPS",
    ],
  ),
  "control-plane": programUsage(
    "control-plane",
    "Runs the control plane: tenants, OAuth apps and signing keys (internal; never expose it).",
    [
      "CPOD_CONTROL_PLANE_ADDR  listen address (default 127.0.0.1:8080)",
      "CPOD_POSTGRES_URL        its database (default: an embedded PostgreSQL under CPOD_DATA_DIR)",
      "CPOD_ADMIN_TOKEN         the admin token of the management routes",
      "CPOD_ISSUER              the iss of the tokens it signs (= every sidecar's CORESDK_JWT_ISSUER)",
      "CPOD_MASTER_KEY          seals the signing keys (required with CPOD_ENV=production)",
    ],
  ),
  sidecar: programUsage(
    "sidecar",
    "Runs the CoreSDK gRPC sidecar: tokens, policy, rate limits, audit, secrets (loopback only).",
    [
      "CORESDK_LISTEN_ADDR      listen address, loopback only (default [::1]:50051)",
      "CORESDK_METRICS_ADDR     /healthz /readyz /metrics (default 127.0.0.1:9091)",
      "CORESDK_JWKS_URL, CORESDK_JWT_ISSUER, CORESDK_JWT_AUDIENCE  how tokens are checked",
      "CORESDK_CONTROL_PLANE_URL  where tenants are read (or CORESDK_TENANTS_FILE)",
    ],
  ),
};
