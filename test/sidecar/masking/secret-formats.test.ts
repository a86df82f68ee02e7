// Issue #13: cPod's own credentials, OpenAI-style keys and generic high-entropy / prefixed keys
// are masked; what is logged by design (ids, hashes, timestamps, URLs, paths, metric names) is
// not. The platform formats are checked against the minting code itself, so they cannot drift.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CLIENT_SECRET_PREFIX,
  CREDENTIAL_BYTES,
  credentialFormat,
} from "../../../lib/credential-formats.js";
import {
  CLIENT_SECRET,
  newClientSecret,
} from "../../../server/control-plane/apps/client-secret.js";
import { REFRESH_PREFIX } from "../../../server/control-plane/oauth/refresh-tokens.js";
import {
  classSwitchRatio,
  highEntropyDetector,
  looksRandom,
  shannonEntropy,
} from "../../../sidecar/masking/detectors/high-entropy.js";
import { Masker } from "../../../sidecar/masking/masker.js";

const masker = new Masker();
const kinds = (text: string) => masker.maskString(text).findings.map((f) => f.kind);

/** Deterministic "random" bytes: the n-th SHA-256 of a label (no flaky statistics). */
const pseudoRandom = (label: string, n: number) =>
  createHash("sha256").update(`${label}/${n}`).digest();
/** A refresh token exactly as RefreshTokens mints one. */
const newRefreshToken = () =>
  `${REFRESH_PREFIX}${randomBytes(CREDENTIAL_BYTES).toString("base64url")}`;

describe("cPod's own credentials, as minted", () => {
  it.each([
    ["client secret", newClientSecret],
    ["refresh token", newRefreshToken],
  ])("a freshly minted %s is masked wherever it appears", (_, mint) => {
    for (let i = 0; i < 50; i++) {
      const secret = mint();
      for (const line of [
        secret,
        `value ${secret}.`,
        `grant_type=refresh_token&refresh_token=${secret}`,
        `{"presented":"${secret}"}`,
        `oauth: rejected ${secret} (invalid_grant)`,
      ]) {
        const { masked, findings } = masker.maskString(line);
        expect(masked, line).not.toContain(secret.slice(3));
        expect(findings.length, line).toBeGreaterThan(0);
      }
      expect(kinds(`secret ${secret} end`)).toEqual(["api_key"]);
    }
  });

  it("detects exactly the minted format: shorter or longer bodies are other things", () => {
    const body = "q3Zf1c8Yt0WbXk9vNnR2sLpA4eHdJ6uM7gT5iO0yKzE";
    expect(CLIENT_SECRET.test(`cs_${body}`)).toBe(true);
    expect(kinds(`rt_${body}`)).toEqual(["api_key"]);
    expect(kinds("cs_id rt_count rt_family_id cs_settings")).toEqual([]);
  });

  it("is the format the contract publishes (openapi ClientSecret)", () => {
    const spec = JSON.parse(
      readFileSync(new URL("../../../gen/openapi/controlPlane.json", import.meta.url), "utf8"),
    ) as { components: { schemas: { ClientSecret: { pattern: string } } } };
    expect(credentialFormat(CLIENT_SECRET_PREFIX).source).toBe(
      spec.components.schemas.ClientSecret.pattern,
    );
  });

  it("masks an admin token (unprefixed, 256 bits base64url) by its entropy", () => {
    let found = 0;
    for (let i = 0; i < 1000; i++) {
      const token = pseudoRandom("admin-token", i).toString("base64url");
      if (kinds(`CPOD dev admin token in use: ${token}`).includes("api_key")) found++;
    }
    expect(found / 1000).toBeGreaterThanOrEqual(0.99);
  });
});

describe("known and generic key formats", () => {
  const positives: [string, string][] = [
    ["OpenAI user key", "OPENAI_KEY sk-Ab3dEf6hIj9kLm2nOp5qRsT3BlbkFJuV8wXy1zAb4cDe7fGh0iJk"],
    ["OpenAI legacy key", "using sk-9xQ2mZ7pL4vR8nK3wT6yB1cF5hJ0dG2sA7eU9iO3kM4nP6qR"],
    ["OpenAI project key", "sk-proj-Zk3mQ9pL2vR8nK4wT7yB1cF5hJ0dG6sA3eU9iO2kM"],
    ["OpenAI service account", "sk-svcacct-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56"],
    ["OpenAI admin key", "key sk-admin-Qw12Er34Ty56Ui78Op90As12Df34Gh56"],
    ["cpod_ prefixed key", "CPOD key cpod_9fKx2LqPzR4tVb7WmN1sYc8Ud3Ge5Hj6"],
    ["cpod_live_ prefixed key", "cpod_live_Xr7Lq2Mv9Np4Ks8Tw3Yb6Zc1Hd5Jf0Gh"],
    ["unknown issuer prefix", "acme_live_R4nD0mK3yV4lu3Xq9Zp2Lm7Wt5Qa8"],
    ["dash prefix", "publishable pk-Bq8Lz3Nx7Rv2Mc9Tk4Wp6Yd1Hf5Js0G"],
    [
      "bare base64url secret",
      "webhook signing secret rotated to nxgtKCeXDlVqVgSfbtztPMHjG7NdEzwsrTSf7nRGyBC",
    ],
    ["bare base64 secret", "MASTER KEY cHktStxdDG9FDZSu4dIIM0fr8vvwRw2IjRd0zDzixxQ= loaded"],
    ["AWS secret access key, no name", "aws wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY9 us-east-1"],
    ["signing_key=", "signing_key=Zx81Lp0Qm4Vr7Tn2"],
    ["master key in YAML", "master_key: 'Qp3Lx9Rv2Mn8Tb4W'"],
    [
      "presigned URL signature",
      "GET /v1/files/a.pdf?X-Cpod-Expires=1700000000&X-Cpod-Signature=Fy_Fb0-QXAHOmcNcqQKsvPQMizsGWbjNBm-TuxLQeZc",
    ],
  ];
  it.each(positives)("%s", (_, text) => {
    expect(kinds(text)).toEqual(["api_key"]);
  });

  it("reports a password-named value as a password, not as a generic key", () => {
    expect(kinds("DB_PASSWORD=Xr7Lq2Mv9Np4Ks8Tw3Yb6Zc1Hd5Jf0GhQ")).toEqual(["password"]);
    expect(kinds("Authorization: Bearer nxgtKCeXDlVqVgSfbtztPMHjG7NdEzwsrTSf7nRGyBC")).toEqual([
      "bearer_token",
    ]);
  });

  it("masks inside JSON values too", () => {
    const key = "cpod_9fKx2LqPzR4tVb7WmN1sYc8Ud3Ge5Hj6";
    const { masked, findings } = masker.maskJson({ config: { note: `use ${key}` } });
    expect(JSON.stringify(masked)).not.toContain(key);
    expect(findings).toEqual([{ kind: "api_key", pointer: "/config/note" }]);
  });
});

// Everything here is logged by design somewhere in cPod (access logs, audit metadata, error
// bodies, metrics, traces) and must come through MaskString unchanged.
const NEGATIVES = [
  // ids
  "request 550e8400-e29b-41d4-a716-446655440000 done",
  "X-Request-Id: D92D2A3D-35C2-457E-89F7-2200CB18557F",
  "req-id=d92d2a3d35c2457e89f72200cb18557f",
  "tenant ten_01HZX3K4M5N6P7Q8R9S0T1V2W3 resolved",
  "app app_01M944M0Y4E97D92CY9QTB4D1P created by admin",
  "rotated signing key k_01HZX3K4M5N6P7Q8R9S0T1V2W3 (previous_kid k_01HZX2A4B5C6D7E8F9G0H1J2K3)",
  "entity invoice_01HZX3K4M5N6P7Q8R9S0T1V2W3 updated",
  "entity subscription_01M944M0Y4E97D92CY9QTB4D1P deleted",
  "line_item_v2_01M944M0Y4E97D92CY9QTB4D1P added",
  "jti 01HZX3K4M5N6P7Q8R9S0T1V2W3 revoked",
  "stripe payment pi_3MtwBwLkdIwHu7ix28a3tqPa succeeded (charge ch_3MmlLrLkdIwHu7ix0snN0B15)",
  "webhook evt_1NG8Du2eZvKYlo2CUI79vXWy for cus_NffrFeUfNV2Hib",
  "family 01M944M0Y4E97D92CY9QTB4D1P revoked after reuse",
  "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  "span_id=00f067aa0ba902b7 trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
  "Idempotency-Key: 4c2b8d6e-0f3a-4b1c-9e7d-5a6f8b9c0d1e",
  "idempotency_key=order-2024-01-15-ABC123xyz789DEF456",
  // hashes
  "record_hash=2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
  "prev_hash 5f0c8a7e6d5c4b3a29181716151413121110f0e0d0c0b0a09080706050403020",
  "chain verified up to 2D711642B726B04401627CA9FBAC32F5C8530FB1903CC4DB02258717921A4881",
  'etag: "9b2cf535f27731c974343645a3985328"',
  "commit 3f786850e387550fdab836ed7e6dc881de23001b merged",
  "image cpod/gateway@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "integrity sha512-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE+Qx2Lp8Vn3Tm7Rb4Wc9Yd1Kf6Hg0Js5==",
  "x-amz-checksum-sha256: LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=",
  "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==",
  "stored hash $2b$12$KIXQJ5QH8r6o1c6P3sL1xO6n2y4y9xU8fJkq3Z1Hb0mGvU7e9yH2a",
  "phc $argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Xr7Lq2Mv9Np4Ks8Tw3Yb6Zc1Hd5Jf0GhQp3Lx9Rv2M",
  // timestamps and numbers
  "2024-01-15T10:42:00.123Z INFO gateway listening on 0.0.0.0:8000",
  "at 2024-01-15T10:42:00+01:00 took 12.345ms (p99 98.7ms)",
  "epoch 1705312800123 seq 18446744073709551615",
  // URLs and paths
  "GET https://api.cpod.dev/v1/entities/orders?limit=50&order=created_at.desc 200",
  "GET /v1/entities/orders?cursor=eyJhZnRlciI6Im9yZGVycy8yMDI0LzAxIiwidiI6MX0 200",
  "GET /v1/audit?cursor=Fy_Fb0-QXAHOmcNcqQKsvPQMizsGWbjNBm-TuxLQeZc 200",
  "next_cursor: QfZwbFalVjd7CCbAde0aFeLF_mjnPwqG1C2ytu5ygP4",
  "GET /v1/files/reports/2024/Q1/SalesSummaryByRegion2024Final.pdf 206",
  "open /Users/JohnSmith/Library/ApplicationSupport/Code2/User/settings.json",
  "C:\\Users\\JohnSmith\\AppData\\Local\\Programs\\MicrosoftVSCode2\\Code.exe",
  "at Object.<anonymous> (/app/server/gateway/idempotency/adapters/redis-idempotency-store.ts:42:17)",
  "s3://cpod-files-prod/tenants/ten_01HZX3K4M5N6P7Q8R9S0T1V2W3/objects/2024/01/report.csv",
  "jwks_uri https://auth.cpod.dev/.well-known/jwks.json",
  // versions, names, metrics
  'cpod_http_requests_total{method="GET",status="200"} 1027',
  'cpod_sidecar_call_duration_seconds_bucket{le="0.005"} 42',
  "node v20.19.0, @bufbuild/protobuf 2.17.0, fastify 5.2.1-rc.3+build.20240115",
  "operation_id=getKvValue latency_ms=1.234 operation getEntityTypeByNameAndVersion2",
  "class AbstractSingletonProxyFactoryBean2 loaded",
  "handler getUserAccountSettingsByTenantId2024 failed",
  "pod cpod-gateway-deployment-7d9f8c6b5-x2k4p restarted",
  "key rotation scheduled; kid is k_01HZX3K4M5N6P7Q8R9S0T1V2W3",
  // base64 of ordinary text
  "payload VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZw==",
  "data:text/plain;base64,SGVsbG8sIFdvcmxkISBUaGlzIGlzIGEgdGVzdCBtZXNzYWdlIDEyMw==",
  // words and prose
  "The token endpoint returned invalid_client for client app_01M944M0Y4E97D92CY9QTB4D1P.",
  "Rotate the client secret with POST /v1/oauth/apps/{client_id}/rotate-secret.",
  "secret_name=stripe-webhook-2024 scope=secrets.read",
  "api key missing; set CPOD_CLIENT_SECRET or pass --client-secret",
  "supercalifragilisticexpialidocious antidisestablishmentarianism",
  "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----",
  "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----",
];

describe("negatives: what cPod logs by design stays readable", () => {
  it("has a sizeable corpus", () => expect(NEGATIVES.length).toBeGreaterThanOrEqual(50));

  it.each(NEGATIVES)("%s", (text) => {
    const { masked, findings } = masker.maskString(text);
    expect(findings).toEqual([]);
    expect(masked).toBe(text);
  });

  it("leaves audit metadata as cPod writes it unchanged", () => {
    const metadata = {
      latency_ms: 1.234,
      operation_id: "getKvValue",
      previous_kid: "k_01HZX3K4M5N6P7Q8R9S0T1V2W3",
      name: "Billing Service 2",
      app_type: "web",
      declared_scopes: ["kv.read", "entities.write"],
      previous_status: "suspended",
      revoked_access_tokens: 3,
      request_id: "550e8400-e29b-41d4-a716-446655440000",
      record_hash: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
    };
    expect(masker.maskJson(metadata)).toEqual({ masked: metadata, findings: [] });
  });
});

describe("high-entropy internals", () => {
  it("measures entropy and class switching", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(classSwitchRatio("aA1aA1")).toBe(1);
    expect(classSwitchRatio("abcdef")).toBe(0);
  });

  it.each([
    ["nxgtKCeXDlVqVgSfbtztPMHjG7NdEzwsrTSf7nRGyBC", true],
    ["2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", false],
    ["01HZX3K4M5N6P7Q8R9S0T1V2W3ABCDEFGH", false],
    ["AbstractSingletonProxyFactoryBean2", false],
    ["VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZw", false],
    ["/Users/JohnSmith2/Library/Application", false],
  ])("looksRandom(%s) → %s", (token, want) => expect(looksRandom(token, 32)).toBe(want));

  it("stays linear on long runs of the token alphabet", () => {
    const started = performance.now();
    highEntropyDetector.find(`${"aB3".repeat(350_000)} ${"-----BEGIN X-----".repeat(60_000)}`);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
