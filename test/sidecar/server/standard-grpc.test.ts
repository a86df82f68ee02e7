import { execFile as execFileCb } from "node:child_process";
import { promisify } from "node:util";
import { create, createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import {
  type FileDescriptorProto,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
} from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Health,
  HealthCheckResponse_ServingStatus as Status,
} from "../../../gen/proto/grpc/health/v1/health_pb.js";
import { ServerReflection } from "../../../gen/proto/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionAlpha } from "../../../gen/proto/grpc/reflection/v1alpha/reflection_pb.js";
import { servicePairs } from "../../../sidecar/services/registry.js";
import { formatAddress, type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { serviceUrl } from "../../helpers/services.js";
import { testSidecarConfig } from "../../helpers/sidecar.js";

/** The string-valued reflection requests, shared by v1 and v1alpha. */
type Ask = { case: "listServices" | "fileByFilename" | "fileContainingSymbol"; value: string };

const CORESDK_SERVICES = servicePairs({} as never).map(([service]) => service.typeName);

const execFile = promisify(execFileCb);

/**
 * `buf curl` with NO schema and no credential: it reads the schema over server reflection
 * (`protocol` forces one version) and prints what it gets (one answer as protojson, or lines).
 */
async function bufCurlReflecting(args: string[], protocol: "grpc-v1" | "grpc-v1alpha") {
  const { stdout } = await execFile("npx", [
    "--no-install",
    ...["buf", "curl", "--protocol", "grpc", "--http2-prior-knowledge"],
    ...["--reflect-protocol", protocol, ...args],
  ]);
  return stdout;
}

/** grpcurl, built by scripts/services.sh (skipped locally without it, required under CI). */
const grpcurl = serviceUrl("CPOD_GRPCURL_BIN");

/** The files with every import before its importer (what createFileRegistry needs of a set). */
function importOrder(files: FileDescriptorProto[]): FileDescriptorProto[] {
  const named = new Map(files.map((file) => [file.name, file]));
  const ordered = new Set<FileDescriptorProto>();
  const visit = (file: FileDescriptorProto | undefined): void => {
    if (!file || ordered.has(file)) return;
    for (const name of file.dependency) {
      if (!named.has(name)) throw new Error(`${name}, imported by ${file.name}, is missing`);
      visit(named.get(name));
    }
    ordered.add(file);
  };
  for (const file of files) visit(file);
  return [...ordered];
}

/** Sends each request on one reflection stream and collects the answers. */
async function* asks(...messageRequests: Ask[]) {
  for (const messageRequest of messageRequests) yield { host: "", messageRequest };
}

/**
 * The real sidecar (start.ts wiring) over gRPC with NO caller credential: health and reflection
 * are public (caller-rules.ts), which is what a Kubernetes probe and a bare `grpcurl` need.
 */
describe("the sidecar's standard gRPC services: health and reflection", () => {
  let running: RunningSidecar;
  let closed = false;
  let transport: ReturnType<typeof createGrpcTransport>;
  const failing = async () => {
    throw new Error("store down");
  };

  beforeAll(async () => {
    running = await startSidecar(testSidecarConfig({ CORESDK_LISTEN_ADDR: "[::1]:0" }), {
      healthPollMs: 20,
    });
    transport = createGrpcTransport({ baseUrl: `http://${formatAddress(running.address)}` });
  });
  afterAll(async () => {
    if (!closed) await running?.close(100);
  });

  it("Check answers SERVING for the server and each coresdk.v1 service, NOT_FOUND for others", async () => {
    const health = createClient(Health, transport);
    for (const service of ["", ...CORESDK_SERVICES]) {
      expect((await health.check({ service })).status, service).toBe(Status.SERVING);
    }
    const unknown = await health.check({ service: "coresdk.v1.Nope" }).catch((e) => e);
    expect(ConnectError.from(unknown).code).toBe(Code.NotFound);
    const list = await health.list({});
    expect(Object.keys(list.statuses).sort()).toEqual(["", ...CORESDK_SERVICES].sort());
  });

  it("follows /readyz: a failing readiness probe is NOT_SERVING on both, and Watch sees it come and go", async () => {
    const health = createClient(Health, transport);
    const abort = new AbortController();
    const watch = health.watch({ service: "coresdk.v1.AuthService" }, { signal: abort.signal });
    const seen: Status[] = [];
    const it = watch[Symbol.asyncIterator]();
    const next = async () => seen.push(((await it.next()).value as { status: Status }).status);
    await next();
    running.sidecar.readiness.test_store = failing;
    try {
      expect((await health.check({ service: "" })).status).toBe(Status.NOT_SERVING);
      const readyz = await fetch(`http://${formatAddress(running.opsAddress)}/readyz`);
      expect([readyz.status, await readyz.json()]).toEqual([
        503,
        { status: "not_ready", failing: ["test_store"] },
      ]);
      await next();
    } finally {
      delete running.sidecar.readiness.test_store;
    }
    await next();
    abort.abort();
    expect(seen).toEqual([Status.SERVING, Status.NOT_SERVING, Status.SERVING]);
  });

  it("Watch of an unknown service answers SERVICE_UNKNOWN (and keeps the stream, as the protocol says)", async () => {
    const abort = new AbortController();
    const watch = createClient(Health, transport).watch(
      { service: "x.Y" },
      { signal: abort.signal },
    );
    const first = await watch[Symbol.asyncIterator]().next();
    abort.abort();
    expect(first.value?.status).toBe(Status.SERVICE_UNKNOWN);
  });

  it("reflection v1 lists coresdk.v1, health and reflection", async () => {
    const reflection = createClient(ServerReflection, transport);
    for await (const answer of reflection.serverReflectionInfo(
      asks({ case: "listServices", value: "" }),
    )) {
      expect(answer.messageResponse.case).toBe("listServicesResponse");
      const names = (answer.messageResponse.value as { service: { name: string }[] }).service;
      expect(names.map((s) => s.name).sort()).toEqual(
        [
          ...CORESDK_SERVICES,
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection",
        ].sort(),
      );
    }
  });

  it("file_containing_symbol of a method gives a self-sufficient descriptor set; unknowns are NOT_FOUND", async () => {
    const reflection = createClient(ServerReflection, transport);
    const answers = [];
    for await (const answer of reflection.serverReflectionInfo(
      asks(
        { case: "fileContainingSymbol", value: "coresdk.v1.AuthService.ValidateToken" },
        { case: "fileContainingSymbol", value: "coresdk.v1.Nope" },
        { case: "fileByFilename", value: "coresdk/v1/secrets.proto" },
        { case: "fileByFilename", value: "nope.proto" },
      ),
    )) {
      answers.push(answer.messageResponse);
    }
    const [symbol, unknownSymbol, byName, unknownFile] = answers;
    if (symbol?.case !== "fileDescriptorResponse") throw new Error(`got ${symbol?.case}`);
    const files = symbol.value.fileDescriptorProto.map((b) =>
      fromBinary(FileDescriptorProtoSchema, b),
    );
    expect(files[0]?.name).toBe("coresdk/v1/auth.proto");
    expect(files.map((f) => f.name)).toContain("buf/validate/validate.proto");
    expect(files.map((f) => f.name)).toContain("google/protobuf/descriptor.proto");
    // Every import is in the set (requested file first, as grpc-go sends it): protobuf builds a
    // registry from it alone, once the files are put in import order.
    const registry = createFileRegistry(
      create(FileDescriptorSetSchema, { file: importOrder(files) }),
    );
    const auth = registry.getService("coresdk.v1.AuthService");
    expect(auth?.methods.map((m) => m.name)).toContain("ValidateToken");
    expect(registry.getMessage("coresdk.v1.ValidateTokenRequest")?.fields.length).toBeGreaterThan(
      0,
    );
    for (const notFound of [unknownSymbol, unknownFile]) {
      expect(notFound?.case).toBe("errorResponse");
      expect(notFound?.value).toMatchObject({ errorCode: Code.NotFound });
    }
    expect(byName?.case).toBe("fileDescriptorResponse");
  });

  it("answers the extension requests from the same descriptors (buf.validate.field = 1159)", async () => {
    const reflection = createClient(ServerReflection, transport);
    const answers = [];
    for await (const answer of reflection.serverReflectionInfo(
      (async function* () {
        const options = "google.protobuf.FieldOptions";
        yield { messageRequest: { case: "allExtensionNumbersOfType" as const, value: options } };
        yield {
          messageRequest: {
            case: "fileContainingExtension" as const,
            value: { containingType: options, extensionNumber: 1159 },
          },
        };
        yield {
          messageRequest: {
            case: "fileContainingExtension" as const,
            value: { containingType: options, extensionNumber: 7 },
          },
        };
      })(),
    )) {
      answers.push(answer.messageResponse);
    }
    const [numbers, extension, unknown] = answers;
    if (numbers?.case !== "allExtensionNumbersResponse") throw new Error(`got ${numbers?.case}`);
    expect(numbers.value.extensionNumber).toContain(1159);
    if (extension?.case !== "fileDescriptorResponse") throw new Error(`got ${extension?.case}`);
    const first = extension.value.fileDescriptorProto[0] ?? new Uint8Array();
    expect(fromBinary(FileDescriptorProtoSchema, first).name).toBe("buf/validate/validate.proto");
    expect(unknown).toMatchObject({ case: "errorResponse", value: { errorCode: Code.NotFound } });
  });

  it("serves v1alpha too (older grpcurl and grpcui ask it first)", async () => {
    const alpha = createClient(ServerReflectionAlpha, transport);
    const answers = [];
    for await (const answer of alpha.serverReflectionInfo(
      asks({ case: "fileContainingSymbol", value: "grpc.health.v1.Health" }),
    )) {
      answers.push(answer);
    }
    expect(answers[0]?.$typeName).toBe("grpc.reflection.v1alpha.ServerReflectionResponse");
    const response = answers[0]?.messageResponse;
    if (response?.case !== "fileDescriptorResponse") throw new Error(`got ${response?.case}`);
    const file = fromBinary(
      FileDescriptorProtoSchema,
      response.value.fileDescriptorProto[0] ?? new Uint8Array(),
    );
    expect(file.name).toBe("grpc/health/v1/health.proto");
  });

  it.each(["grpc-v1", "grpc-v1alpha"] as const)(
    "buf curl lists and calls the sidecar with reflection alone (%s)",
    async (protocol) => {
      const base = `http://${formatAddress(running.address)}`;
      const services = await bufCurlReflecting(["--list-services", base], protocol);
      expect(services.split("\n")).toContain("coresdk.v1.AuthService");
      const methods = await bufCurlReflecting(["--list-methods", base], protocol);
      expect(methods.split("\n")).toContain("coresdk.v1.AuthService/ValidateToken");
      const check = await bufCurlReflecting(
        ["--data", '{"service":"coresdk.v1.AuthService"}', `${base}/grpc.health.v1.Health/Check`],
        protocol,
      );
      expect(JSON.parse(check)).toEqual({ status: "SERVING" });
    },
  );

  it.skipIf(!grpcurl)(
    "grpcurl lists, describes and health-checks the sidecar with no proto files (CPOD_GRPCURL_BIN)",
    async () => {
      const run = async (...args: string[]) =>
        (await execFile(grpcurl ?? "", ["-plaintext", ...args])).stdout;
      const address = formatAddress(running.address);
      expect((await run(address, "list")).split("\n")).toEqual(
        expect.arrayContaining(["coresdk.v1.AuthService", "grpc.health.v1.Health"]),
      );
      const described = await run(address, "describe", "coresdk.v1.AuthService");
      expect(described).toContain("rpc ValidateToken ( .coresdk.v1.ValidateTokenRequest )");
      const field = await run(address, "describe", "coresdk.v1.ValidateTokenRequest");
      expect(field).toContain("(.buf.validate.field)");
      const check = await run(address, "grpc.health.v1.Health/Check");
      expect(JSON.parse(check)).toEqual({ status: "SERVING" });
    },
  );

  it("close() ends open Watch (NOT_SERVING last) and reflection streams instead of waiting out the grace period", async () => {
    const watch = createClient(Health, transport).watch({ service: "" });
    const seen: Status[] = [];
    const watching = (async () => {
      for await (const answer of watch) seen.push(answer.status);
    })();
    // A reflection stream the client keeps open after its first answer (grpcui does), until the
    // server ends it: then it stops sending too, as grpc-go clients do on the trailers.
    let answered: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      answered = resolve;
    });
    async function* oneThenHold() {
      yield { host: "", messageRequest: { case: "listServices" as const, value: "" } };
      await ended;
    }
    let reflected = 0;
    const reflecting = (async () => {
      const reflection = createClient(ServerReflection, transport);
      for await (const _ of reflection.serverReflectionInfo(oneThenHold())) reflected++;
      answered();
    })();
    while (seen.length === 0 || reflected === 0) await new Promise((r) => setTimeout(r, 10));
    const started = performance.now();
    closed = true;
    await running.close(10_000);
    await Promise.all([watching, reflecting]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(seen).toEqual([Status.SERVING, Status.NOT_SERVING]);
    expect(reflected).toBe(1);
  });
});
