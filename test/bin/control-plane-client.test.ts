// The admin commands' one HTTP client: every answer that is not a usable 2xx becomes one typed
// error, here and nowhere else (fetch injected, no network; the e2e test runs it for real).
import { describe, expect, it } from "vitest";
import { ControlPlaneClient } from "../../bin/admin/control-plane-client.js";
import {
  exitCodeOf,
  FailedError,
  RefusedError,
  UnreachableError,
  UsageError,
} from "../../bin/admin/errors.js";

const answering = (response: Response) =>
  new ControlPlaneClient("http://cp.test", "tok", async () => response);
const json = (status: number, body: unknown, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } });

describe("ControlPlaneClient", () => {
  it.each([
    [
      "a Problem",
      json(
        404,
        { code: "not_found", detail: "No tenant with this id.", status: 404 },
        "application/problem+json",
      ),
      "refused: 404 not_found (No tenant with this id.)",
    ],
    [
      "a validation Problem, naming each field once",
      json(400, {
        code: "validation_failed",
        detail: "The request does not match the schema.",
        errors: [
          { path: "/params/tenant_id", message: "must NOT have fewer than 30 characters" },
          { path: "/params/tenant_id", message: "must NOT have fewer than 30 characters" },
          { path: "/body/plan", message: "must be equal to one of the allowed values" },
        ],
      }),
      "refused: 400 validation_failed (The request does not match the schema. tenant_id: must NOT have fewer than 30 characters; plan: must be equal to one of the allowed values)",
    ],
    [
      "an OAuth error body",
      json(401, { error: "invalid_client", error_description: "Client authentication failed." }),
      "refused: 401 invalid_client (Client authentication failed.)",
    ],
    [
      "a proxy's HTML page",
      new Response("<html>bad gateway</html>", { status: 502 }),
      "refused: 502 http_error",
    ],
  ])("turns %s into a RefusedError with its code", async (_, response, message) => {
    const error = await answering(response)
      .call("GET", "/v1/tenants")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toBe(message);
    expect(exitCodeOf(error)).toBe(1);
  });

  it("turns a 2xx that is not JSON into a FailedError", async () => {
    const error = await answering(new Response("hello", { status: 200 }))
      .call("GET", "/v1/tenants")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedError);
    expect((error as Error).message).toBe(
      "http://cp.test answered 200 without JSON; is it the control plane?",
    );
  });

  it("turns no answer into an UnreachableError naming the socket's code", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), {
      cause: { code: "ECONNREFUSED" },
    });
    const client = new ControlPlaneClient("http://cp.test", "tok", async () => {
      throw refused;
    });
    const error = await client.call("GET", "/v1/tenants").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toBe(
      "cannot reach the control plane at http://cp.test (ECONNREFUSED)",
    );
  });

  it("sends the admin token, JSON bodies and query values, and returns the JSON answer", async () => {
    let seen: Request | undefined;
    const client = new ControlPlaneClient("http://cp.test", "tok", async (input, init) => {
      seen = new Request(input as URL, init);
      return json(200, { ok: true });
    });
    const body = await client.call("POST", "/v1/tenants", {
      json: { name: "a" },
      query: { x: 1, y: undefined },
    });
    expect(body).toEqual({ ok: true });
    expect(seen?.url).toBe("http://cp.test/v1/tenants?x=1");
    expect(seen?.headers.get("authorization")).toBe("Bearer tok");
    expect(await seen?.json()).toEqual({ name: "a" });
  });

  it("pages a list lazily, one call per page, following the cursor; listAll reads them all", async () => {
    const urls: URL[] = [];
    const client = new ControlPlaneClient("http://cp.test", "tok", async (input) => {
      const url = new URL(String(input));
      urls.push(url);
      const first = !url.searchParams.has("cursor");
      return json(200, { items: first ? [1, 2] : [3], next_cursor: first ? "c2" : null });
    });
    const pages = client.pages<number>("/v1/things", { tenant_id: "t" });
    expect((await pages.next()).value).toEqual([1, 2]);
    expect(urls).toHaveLength(1); // the second page is asked for only when it is wanted
    expect((await pages.next()).value).toEqual([3]);
    expect((await pages.next()).done).toBe(true);
    expect(urls[1]?.search).toBe("?tenant_id=t&limit=500&cursor=c2");
    expect(await client.listAll<number>("/v1/things")).toEqual([1, 2, 3]);
  });

  it("maps usage errors to exit 2 and everything else to 1", () => {
    expect(exitCodeOf(new UsageError("x"))).toBe(2);
    expect(exitCodeOf(new Error("x"))).toBe(1);
  });
});
