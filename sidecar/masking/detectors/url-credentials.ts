import { type Detector, regexHits } from "./detector.js";

// scheme://user:password@host — the password part only; the user may be empty (redis://:pw@h).
const USERINFO =
  /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s/:@?#]{0,256}:([^\s/@?#]{1,256})@/dg;

/**
 * Passwords in connection strings and URLs (`postgres://app:s3cret@db:5432/x`), the commonest
 * way a database password reaches a log line.
 *
 * @example
 *   urlCredentialsDetector.find("redis://:hunter2@cache:6379"); // hit covers "hunter2"
 */
export const urlCredentialsDetector: Detector = {
  find: (text) => regexHits(USERINFO, text, "password", () => true, 1),
};
