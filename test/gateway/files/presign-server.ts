// A stand-in for the gateway route that serves the embedded store's presigned URLs: verify the
// HMAC token, then stream from or into the BlobStore. Lets the suite use plain fetch on FS too.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BlobStore } from "../../../server/gateway/files/index.js";
import { verifyPresignedUrl } from "../../../server/gateway/files/index.js";

/** Starts the stand-in on port 0; answers its base URL and a close function. */
export async function startPresignServer(
  secret: Buffer,
  store: () => BlobStore,
): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  let baseUrl = "";
  const server: Server = createServer(async (req, res) => {
    try {
      const key = verifyPresignedUrl(secret, baseUrl, req.url ?? "", req.method ?? "");
      if (req.method === "PUT") {
        const contentType = req.headers["content-type"] ?? "application/octet-stream";
        await store().put(key, req, { contentType, maxBytes: 2 ** 20 });
        res.writeHead(200).end();
        return;
      }
      const found = await store().get(key);
      if (!found) return void res.writeHead(404).end();
      res.writeHead(200, {
        "content-type": found.meta.contentType,
        "content-length": found.meta.size,
      });
      found.body.pipe(res);
    } catch (error) {
      res.writeHead((error as { status?: number }).status ?? 500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/presigned`;
  return { baseUrl, close: () => new Promise((r) => server.close(() => r())) };
}
