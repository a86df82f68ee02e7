// Issue #13 item 14, MinIO: file routes against a private MinIO that is killed, paused and
// brought back, through the real gateway with the store the composition root opens
// (openFileStore: minio-js with the bounded transport of store-timeouts.ts).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { type BucketItem, Client } from "minio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFileStore } from "../../server/gateway/adapters/open-data-stores.js";
import { S3_TIMEOUT_MS } from "../../server/gateway/adapters/store-timeouts.js";
import { loadGatewayConfig } from "../../server/gateway/config.js";
import { STAGING_PREFIX } from "../../server/gateway/files/adapters/s3-blob-store.js";
import { bearer, type Stack, startStack } from "../gateway/harness.js";
import {
  hasServer,
  MINIO_CREDENTIALS,
  type PrivateServer,
  privateMinio,
} from "../helpers/private-server.js";
import {
  type Answer,
  expectRecovers,
  expectUnavailable,
  injected,
  OUTAGE_BOUND_MS,
} from "./expect-outage.js";

const BUCKET = "outage";

describe.skipIf(!hasServer("minio"))("MinIO outage (private minio server)", () => {
  let minio: PrivateServer;
  let stack: Stack;
  let auth: Record<string, string>;
  let dataDir: string;
  const file = (method: "GET" | "PUT", path: string, body?: string) =>
    stack.gateway
      .inject({
        method,
        url: `/v1/files/${path}`,
        headers: { ...auth, ...(body === undefined ? {} : { "content-type": "text/plain" }) },
        ...(body === undefined ? {} : { payload: body }),
      })
      .then(injected);
  /** A PUT whose body streams over a real socket (the gateway may answer before it ends). */
  const streamedPut = async (path: string, body: Readable): Promise<Answer> => {
    const address = await stack.gateway.listen({ port: 0, host: "127.0.0.1" });
    return new Promise((resolve, reject) => {
      const req = request(`${address}${path}`, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/octet-stream" },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      });
      req.on("error", reject);
      // Writing after the gateway answered and closed fails (EPIPE): the answer is what counts.
      body.on("error", () => {});
      body.pipe(req);
    });
  };
  const staged = async () => {
    const endpoint = new URL(minio.url);
    const client = new Client({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port),
      useSSL: false,
      ...MINIO_CREDENTIALS,
    });
    const names: string[] = [];
    const list = client.listObjectsV2(BUCKET, STAGING_PREFIX, true);
    for await (const item of list as AsyncIterable<BucketItem>)
      if (item.name) names.push(item.name);
    return names;
  };

  beforeAll(async () => {
    minio = (await privateMinio()) as PrivateServer;
    dataDir = await mkdtemp(join(tmpdir(), "cpod-outage-files-"));
    const { stores } = loadGatewayConfig({
      CPOD_S3_ENDPOINT: minio.url,
      CPOD_S3_ACCESS_KEY: MINIO_CREDENTIALS.accessKey,
      CPOD_S3_SECRET_KEY: MINIO_CREDENTIALS.secretKey,
      CPOD_S3_BUCKET: BUCKET,
    });
    const opened = await openFileStore(stores, dataDir, randomBytes(32));
    stack = await startStack({ data: { files: opened.store } });
    auth = bearer(await stack.token("ten_alpha", { scopes: "files.read files.write" }));
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await minio?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("MinIO killed → upload and download answer 503 with Retry-After fast; back → the old object is intact, nothing staged", async () => {
    expect((await file("PUT", "notes/a.txt", "old")).status).toBe(200);
    await minio.stop();
    await expectUnavailable(() => file("PUT", "notes/a.txt", "new"), "minio killed, file put");
    await expectUnavailable(() => file("GET", "notes/a.txt"), "minio killed, file get");
    await minio.start();
    const back = await expectRecovers(() => file("GET", "notes/a.txt"), 200);
    expect(back.body).toBe("old");
    expect(await staged()).toEqual([]);
  });

  it("MinIO killed in the middle of a multipart upload → 503; back → the old object is intact, nothing staged", async () => {
    expect((await file("PUT", "notes/c.bin", "old")).status).toBe(200);
    async function* body() {
      yield Buffer.alloc(9 * 2 ** 20, 1); // over one 8 MiB part: a multipart upload starts
      await minio.stop();
      yield Buffer.alloc(2 ** 20, 2);
    }
    try {
      const res = await streamedPut("/v1/files/notes/c.bin", Readable.from(body()));
      expect(res.status, res.body).toBe(503);
      expect(res.headers["retry-after"]).toMatch(/^\d+$/);
      expect(JSON.parse(res.body)).toMatchObject({ code: "unavailable" });
    } finally {
      await minio.start();
    }
    const back = await expectRecovers(() => file("GET", "notes/c.bin"), 200);
    expect(back.body).toBe("old");
    expect(await staged()).toEqual([]);
  });

  it("MinIO paused (SIGSTOP) → 503 once the request bound expires instead of hanging; resumed → works", async () => {
    expect((await file("PUT", "notes/b.txt", "old")).status).toBe(200);
    await minio.pause();
    try {
      const started = Date.now();
      const res = await file("GET", "notes/b.txt");
      const ms = Date.now() - started;
      expect(res.status, res.body).toBe(503);
      expect(res.headers["retry-after"]).toMatch(/^\d+$/);
      expect(ms).toBeLessThan(S3_TIMEOUT_MS + OUTAGE_BOUND_MS);
      console.info(`[outage] minio paused, file get: 503 in ${ms} ms`);
    } finally {
      minio.resume();
    }
    const back = await expectRecovers(() => file("GET", "notes/b.txt"), 200);
    expect(back.body).toBe("old");
  });
});
