import type { AdmitRequest, AdmitResponse } from "../../../gen/proto/coresdk/v1/admission_pb.js";

/** One admission as the gateway asks for it (a plain object; the transport encodes it). */
export type AdmitInput = Pick<
  AdmitRequest,
  "token" | "action" | "resourceType" | "resourceId" | "routeClass"
>;

/** How batches reach the sidecar: one request alone, or several in one AdmitBatch. */
export interface AdmitTransport {
  admit(request: AdmitInput): Promise<AdmitResponse>;
  /** Answers `results[i]` for `requests[i]`; rejects when the call itself failed. */
  admitBatch(requests: AdmitInput[]): Promise<AdmitResponse[]>;
}

interface Waiting {
  request: AdmitInput;
  resolve(response: AdmitResponse): void;
  reject(error: unknown): void;
}

/** Most admissions in one AdmitBatch (the sidecar's limit). */
export const MAX_ADMIT_BATCH = 256;

/**
 * Coalesces the admissions that arrive in one event-loop turn into one sidecar call. Requests
 * whose headers were parsed in the same I/O phase all reach the request path before the loop's
 * check phase, where `setImmediate` sends them as one AdmitBatch; a request alone goes as a plain
 * Admit. The sidecar still judges each request on its own — only the round trip is shared,
 * which is what cuts the per-request transport cost when many requests are in flight, and adds
 * nothing but the rest of the current turn when the gateway is idle.
 *
 * @example
 *   const batcher = new AdmissionBatcher(transport);
 *   const verdict = await batcher.admit({ token, action, resourceType, resourceId, routeClass });
 */
export class AdmissionBatcher {
  #pending: Waiting[] = [];
  #scheduled = false;

  constructor(private readonly transport: AdmitTransport) {}

  admit(request: AdmitInput): Promise<AdmitResponse> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ request, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(this.#flush);
    });
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    const pending = this.#pending;
    this.#pending = [];
    for (let i = 0; i < pending.length; i += MAX_ADMIT_BATCH) {
      this.#send(pending.slice(i, i + MAX_ADMIT_BATCH));
    }
  };

  #send(batch: Waiting[]): void {
    const [first] = batch;
    if (batch.length === 1 && first) {
      this.transport.admit(first.request).then(first.resolve, first.reject);
      return;
    }
    this.transport.admitBatch(batch.map((item) => item.request)).then(
      (results) => {
        for (const [i, item] of batch.entries()) {
          const result = results[i];
          if (result) item.resolve(result);
          else item.reject(new TypeError("AdmitBatch answered fewer results than requests"));
        }
      },
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  }
}
