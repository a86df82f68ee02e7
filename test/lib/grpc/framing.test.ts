import { describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder } from "../../../lib/grpc/framing.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const plain = (frames: Uint8Array[]) => frames.map((m) => [...m]);

describe("encodeFrame", () => {
  it("prefixes flag 0 and the big-endian length", () => {
    expect([...encodeFrame(bytes(7, 8, 9))]).toEqual([0, 0, 0, 0, 3, 7, 8, 9]);
    expect([...encodeFrame(bytes())]).toEqual([0, 0, 0, 0, 0]);
    expect([...encodeFrame(new Uint8Array(300)).subarray(0, 5)]).toEqual([0, 0, 0, 1, 44]);
  });
});

describe("FrameDecoder", () => {
  // Three messages, one of them empty and one longer than a prefix, back to back.
  const messages = [bytes(1, 2, 3), bytes(), Uint8Array.from({ length: 260 }, (_, i) => i % 251)];
  const stream = Buffer.concat(messages.map(encodeFrame));

  it("decodes one chunk holding whole messages", () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(stream)).toBeUndefined();
    expect(plain(decoder.messages)).toEqual(plain(messages));
    expect(decoder.partial).toBe(false);
  });

  it("decodes the same messages however the bytes are split in two", () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new FrameDecoder();
      decoder.push(stream.subarray(0, cut));
      decoder.push(stream.subarray(cut));
      expect(plain(decoder.messages), `cut at ${cut}`).toEqual(plain(messages));
      expect(decoder.partial).toBe(false);
    }
  });

  it("decodes the same messages fed one byte at a time, partial until the last byte", () => {
    const decoder = new FrameDecoder();
    for (let i = 0; i < stream.length; i++) {
      expect(decoder.push(stream.subarray(i, i + 1))).toBeUndefined();
      if (i === 2) expect(decoder.partial).toBe(true);
    }
    expect(plain(decoder.messages)).toEqual(plain(messages));
    expect(decoder.partial).toBe(false);
  });

  it("reports a truncated message as partial", () => {
    const decoder = new FrameDecoder();
    decoder.push(encodeFrame(bytes(1, 2, 3)).subarray(0, 6));
    expect(decoder.messages).toEqual([]);
    expect(decoder.partial).toBe(true);
  });

  it("refuses an oversized message from its prefix alone, before buffering it", () => {
    const decoder = new FrameDecoder(4);
    expect(decoder.push(bytes(0, 0, 0, 0, 4, 1, 2, 3, 4))).toBeUndefined();
    expect(decoder.push(bytes(0, 0, 0, 0, 5))).toBe("too_large");
    // Stays failed.
    expect(decoder.push(encodeFrame(bytes(1)))).toBe("too_large");
    expect(decoder.messages).toHaveLength(1);
  });

  it("refuses a compressed message and an unknown flag", () => {
    expect(new FrameDecoder().push(bytes(1, 0, 0, 0, 1, 9))).toBe("compressed");
    expect(new FrameDecoder().push(bytes(2, 0, 0, 0, 1, 9))).toBe("bad_flag");
  });

  it("refuses a bad maxMessageBytes at construction", () => {
    expect(() => new FrameDecoder(-1)).toThrow(TypeError);
  });
});
