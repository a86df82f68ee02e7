import { readFileSync } from "node:fs";
import { ConfigError } from "./config-error.js";

/** The gateway's own TLS certificate and key (PEM), for serving HTTPS directly. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/** Where the certificate and key are (`CPOD_TLS_CERT_FILE`, `CPOD_TLS_KEY_FILE`). */
export interface TlsPaths {
  certFile: string;
  keyFile: string;
}

/**
 * Reads both PEM files when the config is loaded, so an unreadable file stops the program with
 * one line naming the variable instead of failing at the first TLS handshake.
 *
 * @example
 *   readTlsFiles({ certFile: "/etc/cpod/tls.crt", keyFile: "/etc/cpod/tls.key" });
 */
export function readTlsFiles(paths: TlsPaths): TlsFiles {
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(`${name}=${path} cannot be read (${code})`);
    }
  };
  return {
    cert: read("CPOD_TLS_CERT_FILE", paths.certFile),
    key: read("CPOD_TLS_KEY_FILE", paths.keyFile),
  };
}
