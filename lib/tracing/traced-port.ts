import { SpanKind, type Tracer } from "@opentelemetry/api";
import { ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME } from "@opentelemetry/semantic-conventions";
import { recordFailure } from "./run-span.js";

/** Which store a port is: the gateway's name for it and the server behind it. */
export interface StoreIdentity {
  /** `kv`, `entities`, `files`, … — the span is named `<store> <method>`. */
  store: string;
  /** `db.system.name`: `redis`, `mongodb`, `postgresql`, `clickhouse`, `s3`, `memory`, … */
  system: string;
}

/**
 * The port with one client span per method call (`kv get`, `entities create`): the store
 * boundary of the composition, where the program's calls are the unit that matters, instead of
 * driver auto-instrumentation (which patches modules as they are loaded, traces every wire
 * command and costs on every call). A call that returns a promise is traced until it settles; a
 * synchronous one stays synchronous. The composition root wraps a port only when tracing is
 * on, so an untraced gateway pays nothing.
 *
 * @example
 *   const kv = tracedPort(new RedisKvStore(redis), tracer, { store: "kv", system: "redis" });
 */
export function tracedPort<T extends object>(port: T, tracer: Tracer, id: StoreIdentity): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(port, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== "function" || typeof key !== "string" || key === "constructor")
        return value;
      let traced = wrapped.get(key);
      if (!traced) {
        traced = traceMethod(target, value as (...args: unknown[]) => unknown, key, tracer, id);
        wrapped.set(key, traced);
      }
      return traced;
    },
  });
}

function traceMethod(
  target: object,
  method: (...args: unknown[]) => unknown,
  name: string,
  tracer: Tracer,
  id: StoreIdentity,
): (...args: unknown[]) => unknown {
  const options = {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_DB_SYSTEM_NAME]: id.system,
      [ATTR_DB_OPERATION_NAME]: name,
      "cpod.store": id.store,
    },
  };
  return (...args) =>
    tracer.startActiveSpan(`${id.store} ${name}`, options, (span) => {
      let result: unknown;
      try {
        result = method.apply(target, args);
      } catch (error) {
        recordFailure(span, error);
        span.end();
        throw error;
      }
      if (!isThenable(result)) {
        span.end();
        return result;
      }
      return result.then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          recordFailure(span, error);
          span.end();
          throw error;
        },
      );
    });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
