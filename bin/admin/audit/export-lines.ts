// An export's lines from its bytes, one at a time, so `cpod audit verify` holds one line in
// memory rather than the file (a string past ~512 MB cannot exist: ERR_STRING_TOO_LONG).

/** A line whose bytes are not UTF-8 (docs/audit-export.md: the file is UTF-8). */
export const NOT_UTF8 = Symbol("not UTF-8");

/**
 * Splits `chunks` on `\n` as bytes, then decodes each whole line fatally: splitting first means a
 * character cut between two chunks is joined before it is decoded, and a fatal decoder refuses a
 * stray byte instead of turning it into U+FFFD (which a record may legitimately hold). Yields
 * `NOT_UTF8` for such a line. The newline ending the last line ends it; it starts no empty line.
 *
 * @example
 *   for await (const line of exportLines(createReadStream("audit.jsonl"))) console.log(line);
 */
export async function* exportLines(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<string | typeof NOT_UTF8> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (bytes: Uint8Array) => {
    try {
      return decoder.decode(bytes);
    } catch {
      return NOT_UTF8;
    }
  };
  let partial: Buffer[] = [];
  for await (const chunk of chunks) {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10)) {
      yield decode(Buffer.concat([...partial, bytes.subarray(0, end)]));
      partial = [];
      bytes = bytes.subarray(end + 1);
    }
    if (bytes.length > 0) partial.push(bytes);
  }
  if (partial.length > 0) yield decode(Buffer.concat(partial));
}
