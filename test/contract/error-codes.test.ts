import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ERROR_CODES } from "../../gen/errors/codes.js";
import { ErrorCode as ProtoErrorCode } from "../../gen/proto/coresdk/v1/errors_pb.js";
import { HTTP_ERRORS } from "../../server/shared/errors/http-status.js";
import { CONNECT_CODES } from "../../sidecar/errors/connect-codes.js";

/** The closed error-code set agrees across proto, OpenAPI, the HTTP table and the Connect table. */
const sorted = (values: Iterable<string>) => [...values].sort();

const protoCodes = Object.keys(ProtoErrorCode)
  .filter((key) => Number.isNaN(Number(key)) && key !== "UNSPECIFIED")
  .map((key) => key.toLowerCase());

const openapiCodes = (
  parse(
    readFileSync(new URL("../../openapi/components/problem.yaml", import.meta.url), "utf8"),
  ) as {
    components: { schemas: { ErrorCode: { enum: string[] } } };
  }
).components.schemas.ErrorCode.enum;

describe("error codes", () => {
  it("proto enum and OpenAPI enum are the same set", () => {
    expect(sorted(protoCodes)).toEqual(sorted(openapiCodes));
    expect(protoCodes.length).toBeGreaterThanOrEqual(15);
  });

  it("the generated set is the contract's", () => {
    expect(sorted(ERROR_CODES)).toEqual(sorted(openapiCodes));
  });

  it("the HTTP table and the Connect table cover exactly that set", () => {
    expect(sorted(Object.keys(HTTP_ERRORS))).toEqual(sorted(openapiCodes));
    expect(sorted(Object.keys(CONNECT_CODES))).toEqual(sorted(openapiCodes));
  });

  it("every HTTP status is an error status and 5xx are only server-side codes", () => {
    for (const [code, { status }] of Object.entries(HTTP_ERRORS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });
});
