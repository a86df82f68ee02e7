import { BlockList, isIP } from "node:net";
import type { FastifyRequest } from "fastify";

/** Parses `CPOD_TRUSTED_PROXIES`: `loopback`, addresses and CIDRs, comma-separated. */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    if (entry === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    const [address = "", bits] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (isIP(address) === 0) throw new TypeError(`not an IP address or CIDR: ${entry}`);
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/** `::ffff:127.0.0.1` → `127.0.0.1`, so IPv4 peers on a dual-stack socket match IPv4 rules. */
function plain(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The caller's address for per-address limits: the TCP peer, unless the peer is a trusted proxy
 * (the gateway), in which case `X-Forwarded-For` is walked from the right past trusted hops.
 * An untrusted peer's `X-Forwarded-For` is ignored, so a caller cannot pick its own address.
 *
 * @example
 *   clientAddress(request, trustedProxies(["loopback"]));
 */
export function clientAddress(request: FastifyRequest, trusted: BlockList): string {
  let address = plain(request.socket.remoteAddress ?? "unknown");
  const header = request.headers["x-forwarded-for"];
  if (!isTrusted(trusted, address) || header === undefined) return address;
  const hops = [header]
    .flat()
    .join(",")
    .split(",")
    .map((h) => plain(h.trim()));
  for (const hop of hops.reverse()) {
    if (isIP(hop) === 0) break;
    address = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return address;
}
