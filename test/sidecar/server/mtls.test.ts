import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MaskingService } from "../../../gen/proto/coresdk/v1/masking_pb.js";
import { type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { createTestPki, pem, type TestPki } from "../../helpers/certs.js";
import { testSidecarConfig } from "../../helpers/sidecar.js";

describe("mTLS (CORESDK_TLS_CERT_FILE / _KEY_FILE / _CA_FILE)", () => {
  let ours: TestPki;
  let rogue: TestPki;
  let running: RunningSidecar;
  let baseUrl: string;
  beforeAll(async () => {
    ours = createTestPki("ours");
    rogue = createTestPki("rogue");
    running = await startSidecar(
      testSidecarConfig({
        CORESDK_TLS_CERT_FILE: ours.serverCert,
        CORESDK_TLS_KEY_FILE: ours.serverKey,
        CORESDK_TLS_CA_FILE: ours.caCert,
        // No caller credential: the verified client certificate stands in for it.
        CORESDK_CALLER_CREDENTIAL: "",
      }),
    );
    baseUrl = `https://127.0.0.1:${running.address.port}`;
  });
  afterAll(async () => running?.close(100));

  const call = (client: { cert?: string; key?: string }) =>
    createClient(
      MaskingService,
      createGrpcTransport({
        baseUrl,
        nodeOptions: {
          ca: pem(ours.caCert),
          ...(client.cert ? { cert: pem(client.cert) } : {}),
          ...(client.key ? { key: pem(client.key) } : {}),
        },
      }),
    ).maskString({ text: "call me" });

  it("accepts a client certificate issued by our CA", async () => {
    await expect(call({ cert: ours.clientCert, key: ours.clientKey })).resolves.toMatchObject({
      text: "call me",
    });
  });

  it("refuses a client certificate from another CA", async () => {
    await expect(call({ cert: rogue.clientCert, key: rogue.clientKey })).rejects.toThrow();
  });

  it("refuses a client with no certificate", async () => {
    await expect(call({})).rejects.toThrow();
  });
});
