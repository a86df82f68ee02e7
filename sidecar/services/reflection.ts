import {
  create,
  type DescFile,
  type DescMessage,
  type DescService,
  fromBinary,
  type MessageInitShape,
  toBinary,
} from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type ServerReflection,
  type ServerReflectionRequest,
  ServerReflectionRequestSchema,
  type ServerReflectionResponse,
  ServerReflectionResponseSchema,
} from "../../gen/proto/grpc/reflection/v1/reflection_pb.js";
import {
  ServerReflectionRequestSchema as AlphaRequestSchema,
  ServerReflectionResponseSchema as AlphaResponseSchema,
  type ServerReflection as ServerReflectionAlpha,
} from "../../gen/proto/grpc/reflection/v1alpha/reflection_pb.js";

/** gRPC status numbers the reflection protocol puts in its error responses. */
const NOT_FOUND = 5;
const INVALID_ARGUMENT = 3;

/** Every file the services need, by file name and by the symbols they define. */
class DescriptorIndex {
  readonly files = new Map<string, DescFile>();
  readonly symbols = new Map<string, DescFile>();
  /** `extendee typeName` → field number → the file defining the extension. */
  readonly extensions = new Map<string, Map<number, DescFile>>();
  readonly #encoded = new Map<DescFile, Uint8Array>();

  constructor(services: readonly DescService[]) {
    for (const service of services) this.#addFile(service.file);
  }

  #addFile(file: DescFile): void {
    const name = file.proto.name;
    if (this.files.has(name)) return;
    this.files.set(name, file);
    for (const dependency of file.dependencies) this.#addFile(dependency);
    for (const service of file.services) {
      this.symbols.set(service.typeName, file);
      for (const method of service.methods)
        this.symbols.set(`${service.typeName}.${method.name}`, file);
    }
    for (const enumeration of file.enums) this.symbols.set(enumeration.typeName, file);
    this.#addExtensions(file, file.extensions);
    for (const message of file.messages) this.#addMessage(file, message);
  }

  #addMessage(file: DescFile, message: DescMessage): void {
    this.symbols.set(message.typeName, file);
    for (const field of message.fields) this.symbols.set(`${message.typeName}.${field.name}`, file);
    for (const enumeration of message.nestedEnums) this.symbols.set(enumeration.typeName, file);
    this.#addExtensions(file, message.nestedExtensions);
    for (const nested of message.nestedMessages) this.#addMessage(file, nested);
  }

  #addExtensions(file: DescFile, extensions: DescFile["extensions"]): void {
    for (const extension of extensions) {
      this.symbols.set(extension.typeName, file);
      const byNumber = this.extensions.get(extension.extendee.typeName) ?? new Map();
      byNumber.set(extension.number, file);
      this.extensions.set(extension.extendee.typeName, byNumber);
    }
  }

  /** The file first, then every file it imports, transitively, each once (encoded once, cached). */
  withDependencies(file: DescFile): Uint8Array[] {
    const seen = new Set<DescFile>();
    const visit = (f: DescFile): void => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const dependency of f.dependencies) visit(dependency);
    };
    visit(file);
    return [...seen].map((f) => this.#encode(f));
  }

  #encode(file: DescFile): Uint8Array {
    let bytes = this.#encoded.get(file);
    if (!bytes) {
      bytes = toBinary(FileDescriptorProtoSchema, file.proto);
      this.#encoded.set(file, bytes);
    }
    return bytes;
  }
}

/** The oneof of a response, as `create()` takes it (plain objects for the messages). */
type Answer = MessageInitShape<typeof ServerReflectionResponseSchema>["messageResponse"];

function notFound(what: string): Answer {
  return {
    case: "errorResponse",
    value: { errorCode: NOT_FOUND, errorMessage: `${what} not found` },
  };
}

function filesAnswer(index: DescriptorIndex, file: DescFile | undefined, what: string): Answer {
  if (!file) return notFound(what);
  return {
    case: "fileDescriptorResponse",
    value: { fileDescriptorProto: index.withDependencies(file) },
  };
}

function answer(index: DescriptorIndex, names: string[], request: ServerReflectionRequest): Answer {
  const ask = request.messageRequest;
  switch (ask.case) {
    case "listServices":
      return {
        case: "listServicesResponse",
        value: { service: names.map((name) => ({ name })) },
      };
    case "fileByFilename":
      return filesAnswer(index, index.files.get(ask.value), `file ${ask.value}`);
    case "fileContainingSymbol":
      return filesAnswer(index, index.symbols.get(ask.value), `symbol ${ask.value}`);
    case "fileContainingExtension": {
      const { containingType, extensionNumber } = ask.value;
      const file = index.extensions.get(containingType)?.get(extensionNumber);
      return filesAnswer(index, file, `extension ${containingType}:${extensionNumber}`);
    }
    case "allExtensionNumbersOfType": {
      const numbers = index.extensions.get(ask.value);
      if (!numbers && !index.symbols.has(ask.value)) return notFound(`type ${ask.value}`);
      const extensionNumber = [...(numbers?.keys() ?? [])].sort((a, b) => a - b);
      return {
        case: "allExtensionNumbersResponse",
        value: { baseTypeName: ask.value, extensionNumber },
      };
    }
    default:
      return {
        case: "errorResponse",
        value: { errorCode: INVALID_ARGUMENT, errorMessage: "unknown reflection request" },
      };
  }
}

/**
 * The requests of a stream until the client ends it or `signal` aborts, whichever comes first:
 * a tool that keeps its reflection stream open (grpcui does) must not hold a shutdown.
 */
async function* until<T>(signal: AbortSignal, requests: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = requests[Symbol.asyncIterator]();
  const aborted = new Promise<IteratorResult<T>>((resolve) => {
    const stop = () => resolve({ done: true, value: undefined });
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
  });
  for (;;) {
    const next = await Promise.race([iterator.next(), aborted]);
    if (next.done) return;
    yield next.value;
  }
}

/**
 * gRPC server reflection (github.com/grpc/grpc/blob/master/doc/server-reflection.md), so
 * `grpcurl list`/`describe` and `buf curl` work with no proto files: the descriptors come from
 * the generated code (`DescFile.proto`), with every import, so a client can decode them alone.
 * v1alpha is the same protocol under an older package that many tools still try first; its
 * messages are wire-identical to v1's, so it is served by re-encoding, not by a second copy.
 *
 * @example
 *   const reflection = createReflectionService([AuthService, Health, ServerReflection], signal);
 *   router.service(ServerReflection, reflection.v1);
 *   router.service(ServerReflectionAlpha, reflection.v1alpha);
 */
export function createReflectionService(
  services: readonly DescService[],
  /** When it aborts (the server stopping), open streams end instead of holding the drain. */
  stopping: AbortSignal = new AbortController().signal,
): {
  v1: ServiceImpl<typeof ServerReflection>;
  v1alpha: ServiceImpl<typeof ServerReflectionAlpha>;
} {
  const index = new DescriptorIndex(services);
  const names = services.map((service) => service.typeName);
  const respond = (request: ServerReflectionRequest): ServerReflectionResponse =>
    create(ServerReflectionResponseSchema, {
      validHost: request.host,
      originalRequest: request,
      messageResponse: answer(index, names, request),
    });
  return {
    v1: {
      async *serverReflectionInfo(requests) {
        for await (const request of until(stopping, requests)) yield respond(request);
      },
    },
    v1alpha: {
      async *serverReflectionInfo(requests) {
        for await (const alpha of until(stopping, requests)) {
          const request = fromBinary(
            ServerReflectionRequestSchema,
            toBinary(AlphaRequestSchema, alpha),
          );
          yield fromBinary(
            AlphaResponseSchema,
            toBinary(ServerReflectionResponseSchema, respond(request)),
          );
        }
      },
    },
  };
}
