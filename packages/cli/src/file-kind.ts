import { posix } from "node:path";

export type FileKindName = "jail" | "rc" | "pf";

/** The kind a file name says: jail.conf and jail.conf.d/*.conf, rc.conf[.local] and rc.conf.d/*, pf.conf. */
export function kindFromName(path: string): FileKindName | undefined {
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
export function kindFromContent(text: string): FileKindName | undefined {
  const body = text.replace(/#.*$/gm, "");
  if (/^\s*[A-Za-z0-9_.*-]+\s*\{/m.test(body) || /^\s*(exec\.|allow\.|mount\.|host\.hostname|ip4\.addr|path\s*=)/m.test(body))
    return "jail";
  if (/^\s*(pass|block|match|set\s+skip|nat|rdr|table\s*<|scrub|antispoof)\b/m.test(body)) return "pf";
  if (/^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*="/m.test(body) && !body.includes(";\n")) return "rc";
  return undefined;
}
