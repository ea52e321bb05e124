/** A macro that `pfctl -D name=value` defines. */
export interface PfCommandLineMacro {
  readonly name: string;
  readonly value: string;
}

/**
 * pfctl's getopt(3) option string (sbin/pfctl/pfctl.c main): the letters followed by `:` take an argument.
 * Only `-D` matters here; the others are listed so that their arguments are skipped and not read as options.
 */
const OPTIONS_WITH_ARGUMENT = new Set([..."aDfFikKopstTx"]);

/**
 * The macros rc.d/pf passes to pfctl. libexec/rc/rc.d/pf runs `$pf_program -f "$pf_rules" $pf_flags`, with
 * `$pf_flags` unquoted: sh splits the value into fields at blanks and does not interpret the quotes inside it,
 * so `-D ext_if="em0"` gives pfctl the macro `ext_if` with the value `"em0"` (quotes included; pfctl's lexer reads
 * them again when it expands the macro). pfctl reads `-D` with getopt(3), so `-D name=value` and `-Dname=value`
 * both work and options may be grouped (`-qD name=value`); `pfctl_cmdline_symset` (sbin/pfctl/parse.y) splits at
 * the last `=` and ignores a definition without one. getopt stops at the first word that is not an option.
 */
export function pfFlagsMacros(value: string): PfCommandLineMacro[] {
  // A file with CRLF line endings: the rc view reads it as LF but keeps a quoted `\` + CRLF in the value, which
  // the LF file would have made a continuation line. Read it as that.
  const lf = value.replace(/\\\r\n/g, "").replace(/\r\n/g, "\n");
  const words = lf.split(/[ \t\n]+/).filter((w) => w !== "");
  const out: PfCommandLineMacro[] = [];
  const define = (arg: string): void => {
    const eq = arg.lastIndexOf("=");
    if (eq === -1) return;
    out.push({ name: arg.slice(0, eq), value: arg.slice(eq + 1) });
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === "--") break;
    if (!w.startsWith("-") || w === "-") break;
    for (let j = 1; j < w.length; j++) {
      const letter = w[j] as string;
      if (!OPTIONS_WITH_ARGUMENT.has(letter)) continue;
      const rest = w.slice(j + 1);
      const arg = rest !== "" ? rest : words[++i];
      if (letter === "D" && arg !== undefined) define(arg);
      break;
    }
  }
  return out;
}
