import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "./utf8.js";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "utf8")] : p)));

describe("decodeUtf8", () => {
  it("decodes UTF-8 and ASCII with nothing listed, keeping a byte-order mark", () => {
    expect(decodeUtf8(bytes("# café 🙂\nx;\n"))).toEqual({ text: "# café 🙂\nx;\n", invalid: [] });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], "a;"))).toEqual({ text: "\uFEFFa;", invalid: [] });
    expect(decodeUtf8(new Uint8Array())).toEqual({ text: "", invalid: [] });
  });

  it("lists a Latin-1 byte with its text and byte offsets", () => {
    // "# é" in ISO-8859-1, after a two-byte UTF-8 character, so the text and byte offsets differ.
    const r = decodeUtf8(bytes("ü # caf", [0xe9], "\nx;\n"));
    expect(r.text).toBe("ü # caf\uFFFD\nx;\n");
    expect(r.invalid).toEqual([{ offset: 7, byteOffset: 8, bytes: [0xe9] }]);
  });

  it("takes a truncated sequence as one ill-formed subpart, and a lone continuation byte alone", () => {
    const r = decodeUtf8(bytes("a", [0xe2, 0x82], "b", [0x80, 0x80], [0xf0, 0x9f, 0x99]));
    expect(r.text).toBe("a\uFFFDb\uFFFD\uFFFD\uFFFD");
    expect(r.invalid).toEqual([
      { offset: 1, byteOffset: 1, bytes: [0xe2, 0x82] },
      { offset: 3, byteOffset: 4, bytes: [0x80] },
      { offset: 4, byteOffset: 5, bytes: [0x80] },
      { offset: 5, byteOffset: 6, bytes: [0xf0, 0x9f, 0x99] },
    ]);
  });

  it("rejects overlong forms and surrogates as the standard says", () => {
    expect(decodeUtf8(bytes([0xc0, 0xaf])).invalid.map((i) => i.bytes)).toEqual([[0xc0], [0xaf]]);
    expect(decodeUtf8(bytes([0xed, 0xa0, 0x80])).invalid.map((i) => i.bytes)).toEqual([[0xed], [0xa0], [0x80]]);
  });

  it("gives the WHATWG decoder's text on any bytes, with one listed sequence per U+FFFD it adds", () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const lenient = new TextDecoder("utf-8", { ignoreBOM: true });
    for (let run = 0; run < 2000; run++) {
      const input = Uint8Array.from({ length: next() % 24 }, () => {
        const r = next() % 8;
        return r < 3 ? 0x61 : r < 5 ? 0x80 + (next() % 64) : 0xc0 + (next() % 64);
      });
      const r = decodeUtf8(input);
      const expected = lenient.decode(input);
      expect(r.text).toBe(expected);
      const added = [...r.text].filter((c) => c === "\uFFFD").length;
      expect(r.invalid.length).toBe(added);
      for (const inv of r.invalid) expect(r.text[inv.offset]).toBe("\uFFFD");
    }
  });
});
