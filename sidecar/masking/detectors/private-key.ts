import type { Detector, Hit } from "./detector.js";

// RSA, EC, DSA, OPENSSH, ENCRYPTED, unlabelled PKCS#8, and PGP's "PRIVATE KEY BLOCK".
const BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40}?)PRIVATE KEY( BLOCK)?-----/g;

/**
 * PEM private key blocks, from the BEGIN line through the matching END line. A block whose END
 * line is missing (a truncated log line) is masked to the end of the text: a partial key is
 * still a secret. Uses indexOf for the END line, so scanning stays linear.
 *
 * @example
 *   privateKeyDetector.find("-----BEGIN RSA PRIVATE KEY-----\nMII…\n-----END RSA PRIVATE KEY-----");
 */
export const privateKeyDetector: Detector = {
  find(text) {
    const hits: Hit[] = [];
    BEGIN.lastIndex = 0;
    for (let m = BEGIN.exec(text); m; m = BEGIN.exec(text)) {
      const endLine = `-----END ${m[1] ?? ""}PRIVATE KEY${m[2] ?? ""}-----`;
      const at = text.indexOf(endLine, BEGIN.lastIndex);
      const end = at < 0 ? text.length : at + endLine.length;
      hits.push({ start: m.index, end, kind: "private_key" });
      BEGIN.lastIndex = end;
    }
    return hits;
  },
};
