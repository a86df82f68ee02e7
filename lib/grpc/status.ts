/**
 * gRPC status numbers (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). They equal
 * connect-es `Code` values, so a ConnectError's code goes on the wire unchanged; kept here as
 * plain numbers so lib/grpc needs no enum from another package on its hot path.
 *
 * @example
 *   stream.respond({ "grpc-status": String(GrpcStatus.UNIMPLEMENTED) }, { endStream: true });
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** One of the seventeen gRPC status numbers. */
export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

const NAMES: readonly string[] = Object.keys(GrpcStatus).map((name) => name.toLowerCase());

/**
 * The status as a stable lower-case name ("deadline_exceeded", the Connect protocol's spelling),
 * for error codes and logs; "unknown" for a number outside the table.
 *
 * @example
 *   grpcStatusName(4); // "deadline_exceeded"
 */
export function grpcStatusName(status: number): string {
  return NAMES[status] ?? "unknown";
}

/** Parses a `grpc-status` value; anything but a known number is undefined (the caller decides). */
export function parseGrpcStatus(value: string | string[] | undefined): GrpcStatusCode | undefined {
  if (typeof value !== "string" || !/^\d{1,2}$/.test(value)) return undefined;
  const status = Number(value);
  return status <= 16 ? (status as GrpcStatusCode) : undefined;
}

const HEX = "0123456789ABCDEF";

/**
 * Percent-encodes a status message for the `grpc-message` header as the gRPC HTTP/2 spec says:
 * UTF-8 bytes outside printable ASCII (0x20–0x7E), and `%` itself, become `%XX`. Plain ASCII
 * messages come back as the same string, without allocating.
 *
 * @example
 *   encodeGrpcMessage("naïve 100%"); // "na%C3%AFve 100%25"
 */
export function encodeGrpcMessage(message: string): string {
  if (!/[^\x20-\x24\x26-\x7e]/.test(message)) return message;
  let out = "";
  for (const byte of Buffer.from(message, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

/**
 * Decodes a `grpc-message` value. The spec says a receiver must never fail on a bad value: a `%`
 * not followed by two hex digits is kept as it is, and invalid UTF-8 becomes U+FFFD.
 *
 * @example
 *   decodeGrpcMessage("na%C3%AFve 100%25"); // "naïve 100%"
 */
export function decodeGrpcMessage(value: string): string {
  if (!value.includes("%")) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.charCodeAt(i) === 0x25 ? value.slice(i + 1, i + 3) : "";
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(value.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
