// MaskingService at two levels (STYLE.md habit 8): the implementation directly, and through an
// in-memory router transport with the sidecar's real interceptors (validation, error mapping).
import { create, fromJson, toJson } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  MaskFindingKind,
  MaskingService,
  MaskRequestSchema,
} from "../../../gen/proto/coresdk/v1/masking_pb.js";
import { ERROR_CODE_HEADER, SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { Masker } from "../../../sidecar/masking/masker.js";
import { createMaskingService } from "../../../sidecar/masking/masking-service.js";
import { errorInterceptor, validationInterceptor } from "../../../sidecar/server/interceptors.js";

function client() {
  const service = createMaskingService(new Masker());
  const interceptors = [errorInterceptor(() => {}), validationInterceptor()];
  const transport = createRouterTransport((router) => router.service(MaskingService, service), {
    router: { interceptors },
  });
  return createClient(MaskingService, transport);
}

/** The call's ConnectError (the call must fail). */
const failure = (call: Promise<unknown>) =>
  call.then(() => expect.unreachable(), ConnectError.from);

describe("MaskingService over an in-memory router transport", () => {
  const masking = client();

  it("Mask answers JSON text with JSON text", async () => {
    const res = await masking.mask({
      input: {
        case: "json",
        value: '{"user":{"email":"bob@example.com","password":"x"},"n":[1,2]}',
      },
    });
    expect(res.output.case).toBe("json");
    expect(JSON.parse(res.output.value as string)).toEqual({
      user: { email: "[REDACTED:email]", password: "[REDACTED:password]" },
      n: [1, 2],
    });
    expect(res.findings.map(({ kind, pointer }) => ({ kind, pointer }))).toEqual([
      { kind: MaskFindingKind.EMAIL, pointer: "/user/email" },
      { kind: MaskFindingKind.PASSWORD, pointer: "/user/password" },
    ]);
  });

  it("Mask answers a structured value with a structured value, rules applied", async () => {
    const value = fromJson(ValueSchema, { nid: "AB123", note: "ticket EMP-004217", ok: true });
    const res = await masking.mask({
      input: { case: "value", value },
      rules: { blockedFields: ["NID"], patterns: ["EMP-\\d{6}"] },
    });
    expect(res.output.case).toBe("value");
    if (res.output.case !== "value") return;
    expect(toJson(ValueSchema, res.output.value)).toEqual({
      nid: "[REDACTED:blocked_field]",
      note: "ticket [REDACTED:custom_pattern]",
      ok: true,
    });
    expect(res.findings.map((f) => [f.kind, f.pointer, f.patternIndex])).toEqual([
      [MaskFindingKind.BLOCKED_FIELD, "/nid", undefined],
      [MaskFindingKind.CUSTOM_PATTERN, "/note", 0],
    ]);
  });

  it("MaskString masks free text; pointers are empty", async () => {
    const res = await masking.maskString({
      text: "GET /cb?token=abc123 from alice@example.com ref EMP-000001",
      rules: { patterns: ["nomatch", "EMP-\\d{6}"] },
    });
    expect(res.text).toBe(
      "GET /cb?token=[REDACTED:password] from [REDACTED:email] ref [REDACTED:custom_pattern]",
    );
    expect(res.findings.map((f) => [f.kind, f.pointer, f.patternIndex])).toEqual([
      [MaskFindingKind.PASSWORD, "", undefined],
      [MaskFindingKind.EMAIL, "", undefined],
      [MaskFindingKind.CUSTOM_PATTERN, "", 1],
    ]);
  });

  const invalid: { name: string; call: () => Promise<unknown>; secret?: string }[] = [
    {
      name: "unparseable JSON text",
      call: () => masking.mask({ input: { case: "json", value: '{"password": "hunter2"' } }),
      secret: "hunter2",
    },
    {
      name: "an invalid pattern",
      call: () => masking.maskString({ text: "x", rules: { patterns: ["(sk_live_abc"] } }),
      secret: "sk_live_abc",
    },
    {
      name: "a catastrophic pattern",
      call: () => masking.maskString({ text: "x", rules: { patterns: ["(a+)+$"] } }),
    },
    { name: "no input", call: () => masking.mask({}) },
    {
      name: "too many patterns (proto rule)",
      call: () => masking.maskString({ text: "x", rules: { patterns: Array(21).fill("x") } }),
    },
    {
      name: "a pattern over 512 characters (proto rule)",
      call: () => masking.maskString({ text: "x", rules: { patterns: ["a".repeat(513)] } }),
    },
    {
      name: "text over 1 MiB (proto rule)",
      call: () => masking.maskString({ text: "a".repeat((1 << 20) + 1) }),
    },
  ];
  it.each(invalid)("refuses $name with validation_failed", async ({ call, secret }) => {
    const err = await failure(call());
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.metadata.get(ERROR_CODE_HEADER)).toBe("validation_failed");
    if (secret) expect(err.message).not.toContain(secret);
  });
});

describe("MaskingService (direct)", () => {
  const service = createMaskingService(new Masker());

  it("throws SidecarError for input the interceptors would not catch", () => {
    const big = create(MaskRequestSchema, {
      input: { case: "value", value: fromJson(ValueSchema, { a: "x".repeat(1 << 20) }) },
    });
    const unset = create(MaskRequestSchema, {
      input: { case: "value", value: create(ValueSchema) },
    });
    for (const req of [big, unset, create(MaskRequestSchema)]) {
      expect(() => service.mask(req, undefined as never)).toThrow(SidecarError);
    }
  });
});
