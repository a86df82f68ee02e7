/**
 * `node --import tsx scripts/measure-upload-rss.ts [GiB]`: streams one upload of N GiB (default
 * 1) through a real gateway (with a real sidecar checking the token) into the embedded
 * filesystem store — and into MinIO too when `CPOD_S3_*` is set — sampling the process RSS every
 * 50 ms, and prints baseline, peak and growth. Client and gateway share this process, so the
 * growth is an upper bound for the gateway alone. A measurement, not a test: nothing asserts.
 */
import { request } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DATA_SCOPES,
  startDataStack,
  type Variant,
  variants,
} from "../test/gateway/http/data-stack.js";

const CHUNK = Buffer.alloc(1024 * 1024, 0x61);

function body(bytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return void this.push(null);
      const n = Math.min(CHUNK.length, bytes - sent);
      sent += n;
      this.push(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n));
    },
  });
}

function upload(url: string, headers: Record<string, string>, bytes: number): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "PUT",
        headers: { ...headers, "content-length": String(bytes) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    pipeline(body(bytes), req).catch(reject);
  });
}

const mib = (n: number) => (n / 2 ** 20).toFixed(1);

async function measure(variant: Variant, bytes: number) {
  const s = await startDataStack(variant, { maxUploadBytes: 2 * bytes });
  try {
    const auth = await s.auth("ten_alpha", { scopes: DATA_SCOPES });
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 50);
    const started = Date.now();
    const status = await upload(`${s.url}/v1/files/rss/${s.run}.bin`, auth, bytes);
    clearInterval(timer);
    const seconds = (Date.now() - started) / 1000;
    const line = `${variant.name}: HTTP ${status}, ${mib(bytes)} MiB in ${seconds.toFixed(1)} s — RSS baseline ${mib(baseline)} MiB, peak ${mib(peak)} MiB, growth ${mib(peak - baseline)} MiB`;
    console.log(line);
    await fetch(`${s.url}/v1/files/rss/${s.run}.bin`, { method: "DELETE", headers: auth });
  } finally {
    await s.close();
  }
}

const gib = Number(process.argv[2] ?? "1");
for (const variant of variants()) await measure(variant, Math.round(gib * 2 ** 30));
