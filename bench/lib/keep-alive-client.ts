import { Agent, request } from "node:http";

/** A finished call: its status and whole body. */
export interface Answer {
  status: number;
  body: string;
}

/**
 * A load generator's HTTP client: `node:http` over a keep-alive pool of its own. The bench and
 * the programs it measures share two cores, so what the client spends per call is taken from
 * the server: `fetch` (undici with WHATWG streams and Headers) cost the bench 150–230 ms of CPU
 * per burst of 200 writes, about as much as the server's own work, and that is not the server's
 * latency. A plain request costs a fraction of it.
 *
 * @example
 *   const client = new KeepAliveClient(200);
 *   const { status, body } = await client.send("GET", `${url}/v1/kv/probe`, { authorization });
 *   client.close();
 */
export class KeepAliveClient {
  readonly #agent: Agent;

  /** `maxSockets`: how many calls may be in flight at once (more wait in the pool). */
  constructor(maxSockets: number) {
    this.#agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
