/** One byte sequence that is not UTF-8, as it stands in the decoded text (one U+FFFD there). */
export interface InvalidUtf8 {
  /** Offset of the U+FFFD that replaced it in the decoded text. */
  readonly offset: number;
  /** Offset of its first byte in the file. */
  readonly byteOffset: number;
  /** The bytes (a maximal ill-formed subpart in the Unicode sense: one to three bytes). */
  readonly bytes: readonly number[];
}

export interface DecodedText {
  readonly text: string;
  /** Empty for a UTF-8 (or ASCII) file. */
  readonly invalid: readonly InvalidUtf8[];
}

// Kept as it is, a byte-order mark is part of the text (Buffer#toString keeps it too), so offsets match the bytes.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes a file's bytes. A UTF-8 file decodes as usual; in any other, each ill-formed sequence becomes one
 * U+FFFD (as the WHATWG decoder does) and is listed, so a caller can report it and knows the text is not the
 * file: writing the text back would replace the original bytes. Linear in the input; no I/O.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { text: strict.decode(bytes), invalid: [] };
  } catch {
    // Not UTF-8: find the ill-formed sequences and decode the well-formed runs between them.
  }
  const invalid: InvalidUtf8[] = [];
  const parts: string[] = [];
  let length = 0;
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = wellFormedLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (runStart < i) {
      const run = strict.decode(bytes.subarray(runStart, i));
      parts.push(run);
      length += run.length;
    }
    const bad = illFormedLength(bytes, i);
    invalid.push({ offset: length, byteOffset: i, bytes: [...bytes.subarray(i, i + bad)] });
    parts.push("\uFFFD");
    length += 1;
    i += bad;
    runStart = i;
  }
  if (runStart < bytes.length) parts.push(strict.decode(bytes.subarray(runStart)));
  return { text: parts.join(""), invalid };
}

/** The second byte's range for a lead byte (Unicode Table 3-7), or undefined for a byte that cannot lead. */
function secondRange(lead: number): readonly [number, number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [0x80, 0xbf];
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [0x80, 0xbf];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  if (lead >= 0xf1 && lead <= 0xf3) return [0x80, 0xbf];
  return undefined;
}

function sequenceLength(lead: number): number {
  return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/** Length of the well-formed character at `i`, or 0. */
function wellFormedLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] as number;
  if (lead < 0x80) return 1;
  const second = secondRange(lead);
  if (!second) return 0;
  const n = sequenceLength(lead);
  if (i + n > bytes.length) return 0;
  const b1 = bytes[i + 1] as number;
  if (b1 < second[0] || b1 > second[1]) return 0;
  for (let k = 2; k < n; k++) {
    const b = bytes[i + k] as number;
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return n;
}

/** Length of the maximal ill-formed subpart at `i` (what one U+FFFD replaces). */
function illFormedLength(bytes: Uint8Array, i: number): number {
  const second = secondRange(bytes[i] as number);
  if (!second) return 1;
  const n = sequenceLength(bytes[i] as number);
  let k = 1;
  while (k < n && i + k < bytes.length) {
    const b = bytes[i + k] as number;
    const [lo, hi] = k === 1 ? second : [0x80, 0xbf];
    if (b < lo || b > hi) break;
    k++;
  }
  return k;
}
