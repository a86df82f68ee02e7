/** One registered route as a matcher over concrete paths. */
interface Pattern {
  methods: string[];
  path: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** fastify's URL syntax (`/v1/kv/:key`, `/v1/files/*`) as a regular expression over paths. */
function toRegExp(url: string): RegExp {
  const parts = url.split(/(:[A-Za-z0-9_]+|\*)/).map((part) => {
    if (part === "*") return ".*";
    if (part.startsWith(":")) return "[^/]+";
    return escapeRegExp(part);
  });
  return new RegExp(`^${parts.join("")}$`);
}

/**
 * The methods each path is served with, learnt from fastify's `onRoute`, so that a request the
 * router did not match can tell "no such resource" (404) from "not with this method" (405 with
 * `Allow`, RFC 9110 §15.5.6). Only consulted on the not-found path, never on a routed request.
 *
 * @example
 *   const allowed = new AllowedMethods();
 *   app.addHook("onRoute", (route) => allowed.add(route));
 *   allowed.for("/v1/kv/a"); // ["DELETE", "GET", "PUT"]
 */
export class AllowedMethods {
  readonly #patterns: Pattern[] = [];

  /** Records one route (fastify's `onRoute` argument). */
  add(route: { method: string | string[]; url: string }): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    this.#patterns.push({ methods, path: toRegExp(route.url) });
  }

  /** Every method some route serves `path` with, sorted; empty when no route matches it. */
  for(path: string): string[] {
    const methods = new Set<string>();
    for (const pattern of this.#patterns) {
      if (pattern.path.test(path)) for (const method of pattern.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}
