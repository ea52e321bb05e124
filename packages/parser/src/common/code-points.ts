/**
 * Text is UTF-16 in JavaScript, and a character outside the Basic Multilingual Plane (an emoji) is two code
 * units. A range or an excerpt cut between the two leaves a lone surrogate, which prints as U+FFFD or a `\ud83d`
 * escape: every cut goes through these.
 */

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Whether `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isLow(text.charCodeAt(offset)) && isHigh(text.charCodeAt(offset - 1));
}

/** `offset`, moved back to the start of the character it falls inside. */
export function floorCodePoint(text: string, offset: number): number {
  return splitsSurrogatePair(text, offset) ? offset - 1 : offset;
}

/** `offset`, moved on past the character it falls inside. */
export function ceilCodePoint(text: string, offset: number): number {
  return splitsSurrogatePair(text, offset) ? offset + 1 : offset;
}

/** At most `max` UTF-16 units of `s` from its start, never ending inside a character. */
export function clipToCodePoint(s: string, max: number): string {
  return s.slice(0, floorCodePoint(s, Math.max(0, max)));
}

/** `s` cut to `max` units with `...` when longer, on a character boundary. */
export function ellipsize(s: string, max: number): string {
  return s.length > max ? `${clipToCodePoint(s, max - 3)}...` : s;
}

/** Code points in `text[from, to)`: a surrogate pair is one, a lone surrogate is one too. */
export function codePointCount(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    n++;
    if (isHigh(text.charCodeAt(i)) && i + 1 < to && isLow(text.charCodeAt(i + 1))) i++;
  }
  return n;
}
