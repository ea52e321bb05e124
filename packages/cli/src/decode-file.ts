import { decodeUtf8, type HostRead } from "@jaillint/parser";

/**
 * A file's bytes as the text the core lints. Bytes that are not UTF-8 are not silently replaced: the host read
 * lists them (the core reports them as JL001 and offers no fix for the file, so its bytes are never re-encoded).
 */
export function decodeFile(bytes: Uint8Array, file: string): HostRead & { ok: true } {
  const { text, invalid } = decodeUtf8(bytes);
  return invalid.length > 0 ? { ok: true, text, file, invalidUtf8: invalid } : { ok: true, text, file };
}
