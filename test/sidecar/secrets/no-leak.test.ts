// A planted secret value must come back from GetSecret and from nowhere else: not in logs
// (console, stdout, stderr), not in any error (message, stack, cause chain, metadata) on either
// side of the wire, not in list results, not in the database's raw rows.
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import {
  type Client,
  ConnectError,
  createClient,
  createRouterTransport,
  type Interceptor,
} from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuthorizeResponseSchema } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import {
  PutSecretRequestSchema,
  SecretsService,
} from "../../../gen/proto/coresdk/v1/secrets_pb.js";
import { createSecretsService } from "../../../sidecar/secrets/secrets-service.js";
import {
  fakePolicyDecisionByScope,
  READ_WRITE,
  type SecretsHarness,
  secretsHarness,
  subject,
} from "./fixtures.js";

const PLANTED = `planted-${randomUUID()}-value`;
const ENCODINGS = [
  PLANTED,
  Buffer.from(PLANTED).toString("hex"),
  Buffer.from(PLANTED).toString("base64"),
];

/** Everything written to the console or the process streams while the suite runs. */
function captureOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const record = (...args: unknown[]) =>
    void chunks.push(args.map((a) => inspect(a, { depth: 10 })).join(" "));
  const spies = [
    ...(["log", "info", "warn", "error", "debug", "trace"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(record),
    ),
    ...[process.stdout, process.stderr].map((stream) => {
      const write = stream.write.bind(stream);
      return vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: never[]) => {
        chunks.push(String(chunk));
        return write(chunk as string, ...rest);
      }) as typeof stream.write);
    }),
  ];
  return {
    text: () => chunks.join("\n"),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** An error as completely as it can be rendered: message, stack, metadata, whole cause chain. */
function render(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 20 })];
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    parts.push(e.message, e.stack ?? "", JSON.stringify(e));
    if (e instanceof ConnectError) parts.push(e.rawMessage, JSON.stringify([...e.metadata]));
  }
  return parts.join("\n");
}

const expectNoLeak = (where: string, text: string) => {
  for (const form of ENCODINGS)
    expect(text.includes(form), `${where} holds the secret`).toBe(false);
};

describe("SecretsService never leaks a value", () => {
  let h: SecretsHarness;
  let client: Client<typeof SecretsService>;
  let output: ReturnType<typeof captureOutput>;
  const errors: unknown[] = [];
  const tenant = "leak-acme";
  const caller = subject(tenant, READ_WRITE);

  beforeAll(async () => {
    h = await secretsHarness();
    // Stands in for the server's error logging: every failure is logged in full, cause chain
    // included, the way an operator would see a 5xx. The value must not be in there either.
    const logEverything: Interceptor = (next) => async (req) => {
      try {
        return await next(req);
      } catch (error) {
        errors.push(error);
        console.error("rpc failed", error);
        throw error;
      }
    };
    const impl = createSecretsService({
      store: h.store,
      cipher: h.cipher,
      authorize: fakePolicyDecisionByScope().authorize,
    });
    const transport = createRouterTransport((r) => void r.service(SecretsService, impl), {
      router: { interceptors: [logEverything] },
    });
    client = createClient(SecretsService, transport);
    output = captureOutput();
  });
  afterAll(async () => {
    output?.restore();
    await h?.close();
  });

  /** Runs a call that must fail and keeps its client-side error for inspection. */
  const fails = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectError);
    errors.push(error);
  };

  it("stores it, and gives it back only to GetSecret", async () => {
    const put = await client.putSecret({ caller, name: "planted", value: PLANTED });
    expectNoLeak("the put response", JSON.stringify(put));
    expect((await client.getSecret({ caller, name: "planted" })).value).toBe(PLANTED);
  });

  it("keeps it out of list results", async () => {
    const list = await client.listSecrets({ caller });
    expect(list.secrets.map((s) => s.name)).toEqual(["planted"]);
    expectNoLeak("the list response", JSON.stringify(list));
  });

  it("keeps it out of every error a put with that value can cause", async () => {
    await fails(
      client.putSecret({ caller: subject(tenant, ["secrets.read"]), name: "x", value: PLANTED }),
    );
    await fails(client.putSecret({ caller, name: "../bad name", value: PLANTED }));
    await fails(client.putSecret({ caller, name: "big", value: PLANTED.repeat(2_000) }));
    await fails(client.putSecret({ name: "no-caller", value: PLANTED }));
    const denyingPolicy = createSecretsService({
      store: h.store,
      cipher: h.cipher,
      authorize: async () =>
        create(AuthorizeResponseSchema, { allow: false, reasons: ["tenant_suspended"] }),
    });
    // Called directly, so the server-side SidecarError (with its cause chain) is inspected too.
    const request = create(PutSecretRequestSchema, { caller, name: "x", value: PLANTED });
    const direct = Promise.resolve().then(() => denyingPolicy.putSecret(request, {} as never));
    errors.push(await direct.catch((e: unknown) => e));
  });

  it("keeps it out of errors when the stored ciphertext was tampered with", async () => {
    await h.sql.query(
      "UPDATE sidecar_secrets SET ciphertext = overlay(ciphertext placing '\\x00'::bytea from 1 for 1) WHERE tenant_id = $1",
      [tenant],
    );
    await fails(client.getSecret({ caller, name: "planted" }));
    await fails(client.getSecret({ caller: subject("leak-other", READ_WRITE), name: "planted" }));
    expect(errors.length).toBeGreaterThanOrEqual(10);
  });

  it("has it nowhere in the errors, the logs or the raw rows", async () => {
    expectNoLeak("an error", errors.map(render).join("\n"));
    expect(output.text()).toContain("rpc failed"); // the capture works
    expectNoLeak("the logs", output.text());
    const { rows } = await h.sql.query("SELECT * FROM sidecar_secrets");
    expect(rows.length).toBeGreaterThan(0);
    const raw = rows.flatMap((row) =>
      Object.values(row).map((v) =>
        v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : String(v),
      ),
    );
    expectNoLeak("a database row", raw.join("\n"));
  });
});
