/**
 * A gitignore-like file pattern as a regular expression over `/`-separated paths relative to the
 * configuration file's folder: `*` and `?` stay inside one path segment, `**` spans segments, `[...]` is a
 * class. A pattern without `/` matches the file's name at any depth (`jail.conf` matches `etc/jail.conf`).
 */
export function filePatternToRegExp(pattern: string): RegExp {
  let p = pattern.replace(/^\.\//, "");
  const anyDepth = !p.includes("/");
  if (p.startsWith("/")) p = p.slice(1);
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string;
    if (ch === "*" && p[i + 1] === "*") {
      // `**/` is zero or more whole segments; a trailing `**` is everything below.
      if (p[i + 2] === "/") {
        re += "(?:[^/]*/)*";
        i += 2;
      } else {
        re += ".*";
        i += 1;
      }
    } else if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const close = p.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        const body = p
          .slice(i + 1, close)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = close;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(anyDepth ? `(?:^|/)${re}$` : `^${re}$`);
}
