/** FreeBSD releases whose jail.conf/pf.conf dialects jaillint knows. The newest is the default. */
export type FreeBsdVersion = 13 | 14 | 15;

export const FREEBSD_VERSIONS: readonly FreeBsdVersion[] = [13, 14, 15];
export const DEFAULT_FREEBSD_VERSION: FreeBsdVersion = 15;

export function isFreeBsdVersion(value: unknown): value is FreeBsdVersion {
  return value === 13 || value === 14 || value === 15;
}
