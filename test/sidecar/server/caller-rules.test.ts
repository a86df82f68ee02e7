import { describe, expect, it } from "vitest";
import { CALLER_RULES, callerRule } from "../../../sidecar/caller/caller-rules.js";
import { LEAN_METHODS } from "../../../sidecar/server/lean-grpc.js";
import { servicePairs } from "../../../sidecar/services/registry.js";

const ALL_RPCS = servicePairs({} as never).flatMap(([service]) =>
  service.methods.map((method) => `${service.typeName}/${method.name}`),
);

describe("CALLER_RULES, the one table of who may call what", () => {
  it("has exactly one row per RPC of the contract", () => {
    const ours = Object.keys(CALLER_RULES).filter((name) => name.startsWith("coresdk."));
    expect(ours.sort()).toEqual([...ALL_RPCS].sort());
  });

  it("leaves health checks and reflection public, whenever they are served", () => {
    const others = Object.keys(CALLER_RULES).filter((name) => !name.startsWith("coresdk."));
    expect(others.map((name) => [name.split(".")[1], callerRule(name).kind])).toEqual([
      ["health", "public"],
      ["health", "public"],
      ["health", "public"],
      ["reflection", "public"],
      ["reflection", "public"],
    ]);
  });

  it("makes only GetJwks public, and the data RPCs tenant-scoped", () => {
    const kinds = (kind: string) =>
      ALL_RPCS.filter((name) => callerRule(name).kind === kind).sort();
    expect(kinds("public")).toEqual(["coresdk.v1.AuthService/GetJwks"]);
    expect(kinds("tenant")).toEqual([
      "coresdk.v1.AuditService/Query",
      "coresdk.v1.AuditService/Verify",
      "coresdk.v1.SecretsService/DeleteSecret",
      "coresdk.v1.SecretsService/GetSecret",
      "coresdk.v1.SecretsService/ListSecrets",
      "coresdk.v1.SecretsService/PutSecret",
    ]);
  });

  it("treats a method it does not name as platform (credential required)", () => {
    expect(callerRule("coresdk.v1.NewService/Anything").kind).toBe("platform");
  });

  it("keeps every lean method platform-scoped (the lean path checks headers only)", () => {
    expect(LEAN_METHODS.filter((name) => callerRule(name).kind !== "platform")).toEqual([]);
  });
});
