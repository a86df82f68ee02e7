import { once } from "node:events";
import { Worker } from "node:worker_threads";

/**
 * One `GET url` every `everyMs` ms (an open loop, so a stalled server shows as latency, not as
 * fewer requests), on a worker thread of its own: on the bench's main thread the reads queued
 * behind the bench's own work (sending 200 writes at once and reading their answers), which is
 * the client's delay, not the server's. Its HTTP client is warmed up before the first run.
 *
 * @example
 *   const prober = await KvProber.start(`${url}/v1/kv/probe`, token, 5);
 *   const latencies = await prober.run(sleep(10_000));
 *   await prober.close();
 */
export class KvProber {
  private constructor(private readonly worker: Worker) {}

  static async start(url: string, token: string, everyMs: number): Promise<KvProber> {
    const worker = new Worker(new URL("./kv-prober-worker.js", import.meta.url), {
      workerData: { url, token, everyMs },
    });
    const [message] = (await once(worker, "message")) as [unknown];
    if (message !== "ready") throw new Error(`kv prober: ${String(message)}`);
    return new KvProber(worker);
  }

  /** Reads until `stop` settles; answers each read's latency in ms. */
  async run(stop: Promise<unknown>): Promise<number[]> {
    const answer = once(this.worker, "message") as Promise<
      [{ latencies: number[]; failure?: string }]
    >;
    this.worker.postMessage("run");
    try {
      await stop;
    } finally {
      this.worker.postMessage("stop");
    }
    const [{ latencies, failure }] = await answer;
    if (failure) throw new Error(failure);
    return latencies;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
