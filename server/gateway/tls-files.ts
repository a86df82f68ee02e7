import { readFileSync } from "node:fs";

/** The gateway's own TLS certificate and key (PEM), for serving HTTPS directly. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * `CPOD_TLS_CERT_FILE` + `CPOD_TLS_KEY_FILE`: both set → the gateway serves HTTPS itself
 * (production without a TLS-terminating proxy); neither → plain HTTP (dev, or behind a proxy
 * listed in `CPOD_TRUSTED_PROXIES`). One without the other, or an unreadable file, stops the
 * program with one line naming the variable.
 */
export function readTlsFiles(env: NodeJS.ProcessEnv): TlsFiles | undefined {
  const certFile = env.CPOD_TLS_CERT_FILE || undefined;
  const keyFile = env.CPOD_TLS_KEY_FILE || undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile) throw new Error("CPOD_TLS_CERT_FILE is required when CPOD_TLS_KEY_FILE is set");
  if (!keyFile) throw new Error("CPOD_TLS_KEY_FILE is required when CPOD_TLS_CERT_FILE is set");
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${name}=${path} cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
  };
  return { cert: read("CPOD_TLS_CERT_FILE", certFile), key: read("CPOD_TLS_KEY_FILE", keyFile) };
}
