import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM files of one certificate authority and the certificates it issued. */
export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

function issue(dir: string, name: string, subject: string, ext: string): void {
  openssl(dir, [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-subj",
    subject,
    "-out",
    `${name}.csr`,
  ]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`,
  ]);
}

/** A throwaway CA (via the openssl CLI) with a loopback server certificate and a client one. */
export function createTestPki(label: string): TestPki {
  const dir = mkdtempSync(join(tmpdir(), `cpod-pki-${label}-`));
  openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "1",
    "-subj",
    `/CN=cpod test CA ${label}`,
  ]);
  issue(
    dir,
    "server",
    "/CN=localhost",
    "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n",
  );
  issue(dir, "client", "/CN=cpod-gateway", "extendedKeyUsage=clientAuth\n");
  const path = (file: string) => join(dir, file);
  return {
    dir,
    caCert: path("ca.crt"),
    serverCert: path("server.crt"),
    serverKey: path("server.key"),
    clientCert: path("client.crt"),
    clientKey: path("client.key"),
  };
}

/** Reads a PEM file (node TLS options take contents, not paths). */
export const pem = (path: string) => readFileSync(path);
