import type { FreeBsdVersion } from "../common/freebsd-version.js";
import { JAIL_PARAMETERS, type JailParamInfo } from "./parameters-data.js";

export type { JailParamInfo, JailParamType } from "./parameters-data.js";
export { JAIL_PARAMETERS } from "./parameters-data.js";

const byName = new Map(JAIL_PARAMETERS.map((p) => [p.name, p]));

export interface ParamLookup {
  readonly info: JailParamInfo;
  /** The catalog name (`allow.mount` for `allow.nomount`). */
  readonly canonical: string;
  /** Written with a `no` prefix on its last part (`allow.nomount`, `nopersist`). */
  readonly negated: boolean;
}

const dynamicMount: JailParamInfo = {
  name: "allow.mount.<fs>",
  type: "bool",
  kernel: true,
  summary: "Allow mounting this file system type (needs allow.mount and enforce_statfs < 2).",
};
const metaKey: JailParamInfo = {
  name: "meta.<key>",
  type: "string",
  kernel: true,
  since: 15,
  summary: "A key of the jail's meta buffer, hidden from the jail.",
};
const envKey: JailParamInfo = {
  name: "env.<key>",
  type: "string",
  kernel: true,
  since: 15,
  summary: "A key of the jail's env buffer, readable inside the jail.",
};

function direct(name: string): JailParamInfo | undefined {
  const info = byName.get(name);
  if (info) return info;
  // libjail kldloads the file system module for allow.mount.X, so any file system name can be valid.
  if (/^allow\.mount\.[a-z0-9_]+$/.test(name)) return dynamicMount;
  if (/^meta\.[^.]+$/.test(name)) return metaKey;
  if (/^env\.[^.]+$/.test(name)) return envKey;
  return undefined;
}

/**
 * Finds a parameter the way libjail does: by name, then for booleans with the `no` prefix stripped from the
 * last dotted part (`allow.nomount` is `allow.mount` = false).
 */
export function lookupJailParam(name: string): ParamLookup | undefined {
  const info = direct(name);
  if (info) return { info, canonical: name, negated: false };
  const dot = name.lastIndexOf(".");
  const last = name.slice(dot + 1);
  if (last.startsWith("no") && last.length > 2) {
    const stripped = name.slice(0, dot + 1) + last.slice(2);
    const base = direct(stripped);
    if (base?.type === "bool") return { info: base, canonical: stripped, negated: true };
  }
  return undefined;
}

/** The key under which config.c merges a parameter: a `no` prefix on a boolean's last part is ignored. */
export function paramKey(name: string): string {
  return lookupJailParam(name)?.canonical ?? name;
}

/** Whether this FreeBSD release knows the parameter at all (meta/env came with 15.0). */
export function paramAvailableIn(info: JailParamInfo, version: FreeBsdVersion): boolean {
  return info.since === undefined || info.since <= version;
}

export function allJailParamNames(): string[] {
  return JAIL_PARAMETERS.map((p) => p.name);
}
