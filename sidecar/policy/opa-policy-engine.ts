import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type LoadedPolicy, loadPolicy } from "@open-policy-agent/opa-wasm";
import { SidecarError } from "../errors/sidecar-error.js";

/** The default entrypoint of the compiled bundle (see policy/authz.rego). */
export const DECISION_ENTRYPOINT = "cpod/authz/decision";

/** A compiled bundle and the one live instance evaluating it. */
interface Bundle {
  bytes: Buffer;
  instance: LoadedPolicy;
  version: string;
  loadedAt: Date;
  /** Which data document the instance currently holds (see `#ensureData`). */
  dataVersion: number;
}

/** What GetBundleStatus reports. */
export interface BundleStatus {
  version: string;
  loadedAt: Date;
  entrypoints: string[];
  lastReloadError?: string;
}

/**
 * The one adapter around `@open-policy-agent/opa-wasm`. It wraps the library's rough edges once:
 * thrown strings become typed SidecarErrors; one instance per bundle version is reused (creating
 * one per decision is slow); data is copied into Wasm memory with `setData` only when it changed;
 * a new bundle is swapped in whole, so a decision never sees half of a reload. Evaluation is
 * synchronous, so no decision can interleave with a swap.
 */
export class OpaPolicyEngine {
  #bundle: Bundle;
  #data: Record<string, unknown> = {};
  #dataVersion = 0;
  #lastReloadError: string | undefined;

  private constructor(
    private readonly path: string,
    bundle: Bundle,
  ) {
    this.#bundle = bundle;
  }

  /** Loads a bundle (`policy.wasm` from `opa build -t wasm`); a bad file throws a typed error. */
  static async load(path: string): Promise<OpaPolicyEngine> {
    return new OpaPolicyEngine(path, await compile(path));
  }

  /** Replaces the data document (e.g. tenant statuses); copied into Wasm on the next decision. */
  setData(data: Record<string, unknown>): void {
    this.#data = data;
    this.#dataVersion++;
  }

  /** Evaluates `input` at an entrypoint of the current bundle with the current data. */
  evaluate(input: unknown, entrypoint = DECISION_ENTRYPOINT): unknown {
    const bundle = this.#bundle;
    this.#ensureData(bundle);
    return runEntrypoint(bundle.instance, input, entrypoint);
  }

  /**
   * Evaluates against candidate data on a throwaway instance of the same bundle, so a dry run
   * never disturbs the data live decisions use.
   */
  async dryRun(
    input: unknown,
    data: Record<string, unknown>,
    entrypoint = DECISION_ENTRYPOINT,
  ): Promise<unknown> {
    const instance = await instantiate(this.#bundle.bytes);
    try {
      instance.setData(data);
    } catch (error) {
      throw new SidecarError("validation_failed", "candidate data could not be loaded", {
        cause: error,
      });
    }
    return runEntrypoint(instance, input, entrypoint);
  }

  /** Re-reads the bundle file; swaps it in when its bytes changed. Failures keep the old one. */
  async reload(): Promise<{ changed: boolean; version: string; loadedAt: Date }> {
    try {
      const next = await compile(this.path);
      const changed = next.version !== this.#bundle.version;
      if (changed) this.#bundle = next;
      this.#lastReloadError = undefined;
      return { changed, version: this.#bundle.version, loadedAt: this.#bundle.loadedAt };
    } catch (error) {
      this.#lastReloadError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  /** The current bundle's version (sha256 prefix of its bytes); cheap, read on every decision. */
  get version(): string {
    return this.#bundle.version;
  }

  /** The current bundle's version (sha256 prefix of its bytes), load time and entrypoints. */
  status(): BundleStatus {
    const { version, loadedAt, instance } = this.#bundle;
    return {
      version,
      loadedAt,
      entrypoints: Object.keys(instance.entrypoints),
      lastReloadError: this.#lastReloadError,
    };
  }

  /** Bytes of Wasm linear memory of the live instance (the soak test watches this). */
  memoryBytes(): number {
    return (this.#bundle.instance as unknown as { mem: { buffer: ArrayBuffer } }).mem.buffer
      .byteLength;
  }

  #ensureData(bundle: Bundle): void {
    if (bundle.dataVersion === this.#dataVersion) return;
    bundle.instance.setData(this.#data);
    bundle.dataVersion = this.#dataVersion;
  }
}

async function compile(path: string): Promise<Bundle> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new SidecarError("unavailable", `policy bundle not readable: ${path}`, { cause: error });
  }
  const instance = await instantiate(bytes);
  if (!(DECISION_ENTRYPOINT in instance.entrypoints)) {
    throw new SidecarError(
      "internal",
      `policy bundle ${path} has no entrypoint ${DECISION_ENTRYPOINT}`,
    );
  }
  const version = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  return { bytes, instance, version, loadedAt: new Date(), dataVersion: -1 };
}

async function instantiate(bytes: Buffer): Promise<LoadedPolicy> {
  try {
    return await loadPolicy(bytes);
  } catch (error) {
    throw new SidecarError("internal", "policy bundle could not be instantiated", {
      cause: toError(error),
    });
  }
}

function runEntrypoint(instance: LoadedPolicy, input: unknown, entrypoint: string): unknown {
  if (!(entrypoint in instance.entrypoints)) {
    throw new SidecarError("validation_failed", `unknown policy entrypoint ${entrypoint}`);
  }
  try {
    const results = instance.evaluate(input, entrypoint) as { result: unknown }[];
    return results[0]?.result;
  } catch (error) {
    // opa-wasm throws bare strings; keep them as the cause, never in the client message.
    throw new SidecarError("internal", "policy evaluation failed", { cause: toError(error) });
  }
}

function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
