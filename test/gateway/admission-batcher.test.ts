import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { AdmitResponseSchema, AdmitVerdict } from "../../gen/proto/coresdk/v1/admission_pb.js";
import {
  AdmissionBatcher,
  type AdmitInput,
  type AdmitTransport,
  MAX_ADMIT_BATCH,
} from "../../server/gateway/sidecar/admission-batcher.js";

const input = (token: string): AdmitInput => ({
  token,
  action: "kv.read",
  resourceType: "kv",
  resourceId: "k",
  routeClass: "get_kv_value",
});

/** Answers each request with a verdict naming its token (in `reasons`), and logs the calls. */
function echoTransport(fail = false) {
  const calls: string[][] = [];
  const answer = (r: AdmitInput) =>
    create(AdmitResponseSchema, { verdict: AdmitVerdict.ADMITTED, reasons: [r.token] });
  const transport: AdmitTransport = {
    async admit(request) {
      calls.push([request.token]);
      if (fail) throw new Error("connection refused");
      return answer(request);
    },
    async admitBatch(requests) {
      calls.push(requests.map((r) => r.token));
      if (fail) throw new Error("connection refused");
      return requests.map(answer);
    },
  };
  return { transport, calls };
}

describe("AdmissionBatcher", () => {
  it("sends a lone request as one Admit", async () => {
    const { transport, calls } = echoTransport();
    const verdict = await new AdmissionBatcher(transport).admit(input("t1"));
    expect(verdict.reasons).toEqual(["t1"]);
    expect(calls).toEqual([["t1"]]);
  });

  it("coalesces one turn's requests into one AdmitBatch and answers each its own verdict", async () => {
    const { transport, calls } = echoTransport();
    const batcher = new AdmissionBatcher(transport);
    const verdicts = await Promise.all(["a", "b", "c"].map((t) => batcher.admit(input(t))));
    expect(verdicts.map((v) => v.reasons[0])).toEqual(["a", "b", "c"]);
    expect(calls).toEqual([["a", "b", "c"]]);
    // The next turn is a new call.
    await batcher.admit(input("d"));
    expect(calls).toEqual([["a", "b", "c"], ["d"]]);
  });

  it(`splits a turn of more than ${MAX_ADMIT_BATCH} requests`, async () => {
    const { transport, calls } = echoTransport();
    const batcher = new AdmissionBatcher(transport);
    const tokens = Array.from({ length: MAX_ADMIT_BATCH + 3 }, (_, i) => `t${i}`);
    const verdicts = await Promise.all(tokens.map((t) => batcher.admit(input(t))));
    expect(verdicts.map((v) => v.reasons[0])).toEqual(tokens);
    expect(calls.map((c) => c.length)).toEqual([MAX_ADMIT_BATCH, 3]);
  });

  it("rejects every request of a call that failed", async () => {
    const { transport } = echoTransport(true);
    const batcher = new AdmissionBatcher(transport);
    const results = await Promise.allSettled(["a", "b"].map((t) => batcher.admit(input(t))));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });

  it("rejects the requests a short answer left without a result", async () => {
    const transport: AdmitTransport = {
      admit: async () => create(AdmitResponseSchema, {}),
      admitBatch: async () => [create(AdmitResponseSchema, { verdict: AdmitVerdict.ADMITTED })],
    };
    const batcher = new AdmissionBatcher(transport);
    const results = await Promise.allSettled(["a", "b"].map((t) => batcher.admit(input(t))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
  });
});
