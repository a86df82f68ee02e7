/**
 * Node's HTTP/2 client sends an IPv6 `:authority` without brackets (`::1:50051`), which is not a
 * valid URL host; anything that builds `new URL(path, "http://" + authority)` fails on it.
 * Bracket the address part so `::1:50051` becomes `[::1]:50051`. Anything else is left as it
 * came. Shared by the sidecar's connect path (which rewrites the request) and the lean gRPC
 * handler context (which only builds `url` from it when asked).
 *
 * @example
 *   bracketIPv6Authority("::1:50051"); // "[::1]:50051"
 */
export function bracketIPv6Authority(authority: string): string {
  if (authority.startsWith("[") || authority.split(":").length <= 2) return authority;
  const port = authority.match(/:(\d{1,5})$/);
  const host = port ? authority.slice(0, -port[0].length) : authority;
  // A bare IPv6 host with no port (e.g. `::1`) also parses as host:port; only treat the tail as
  // a port when what remains is still a valid IPv6 address.
  if (port && host.includes(":") && isIPv6(host)) return `[${host}]${port[0]}`;
  return isIPv6(authority) ? `[${authority}]` : authority;
}

function isIPv6(host: string): boolean {
  try {
    return new URL(`http://[${host}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}
