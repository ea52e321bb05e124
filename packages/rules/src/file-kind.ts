import { posix } from "node:path";
import type { FileKind } from "./engine/rule.js";

/** @deprecated Use FileKind. */
export type FileKindName = FileKind;

/** The kind a file name says: jail.conf and jail.conf.d/*.conf, rc.conf[.local] and rc.conf.d/*, pf.conf. */
export function kindFromName(path: string): FileKind | undefined {
  const base = posix.basename(path);
  const dir = posix.basename(posix.dirname(path));
  if (/^jail\.conf$|^jail\..*\.conf$|\.jail\.conf$/.test(base) || (dir === "jail.conf.d" && base.endsWith(".conf"))) return "jail";
  if (/^rc\.conf(\.local)?$/.test(base) || dir === "rc.conf.d") return "rc";
  if (/^pf\.conf$|\.pf\.conf$|^pf\..*\.conf$/.test(base) || dir === "pf.conf.d") return "pf";
  return undefined;
}

/**
 * Many files named jail.conf are fail2ban's (INI sections like `[sshd]`, `enabled = true`). jail.conf(5) has
 * no use for a line that is only `[word]`, and fail2ban files never use `{`.
 */
export function looksLikeFail2ban(text: string): boolean {
  const withoutComments = text.replace(/^\s*[#;].*$/gm, "");
  const sections = withoutComments.match(/^\s*\[[A-Za-z0-9_.:-]+\]\s*$/gm) ?? [];
  return sections.length > 0 && !withoutComments.includes("{");
}

/** Guesses the kind of a file whose name says nothing, from its content. */
export function kindFromContent(text: string): FileKind | undefined {
  const body = text.replace(/#.*$/gm, "");
  if (/^\s*[A-Za-z0-9_.*-]+\s*\{/m.test(body) || /^\s*(exec\.|allow\.|mount\.|host\.hostname|ip4\.addr|path\s*=)/m.test(body))
    return "jail";
  if (/^\s*(pass|block|match|set\s+skip|nat|rdr|table\s*<|scrub|antispoof)\b/m.test(body)) return "pf";
  if (/^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*="/m.test(body) && !body.includes(";\n")) return "rc";
  return undefined;
}

/** What a file is: its kind, or why it is none (its name and text say nothing, or it is fail2ban's jail.conf). */
export type DetectedKind = { readonly kind: FileKind } | { readonly kind: undefined; readonly why: "unknown" | "fail2ban" };

/**
 * The kind of the file at logical `path` with `text`: `known` (the user said so, or the place it was found
 * at), else what its name says, else what its text looks like. A jail.conf that is fail2ban's is none.
 */
export function detectFileKind(path: string, text: string, known?: FileKind): DetectedKind {
  const kind = known ?? kindFromName(path) ?? kindFromContent(text);
  if (!kind) return { kind: undefined, why: "unknown" };
  if (kind === "jail" && looksLikeFail2ban(text)) return { kind: undefined, why: "fail2ban" };
  return { kind };
}
