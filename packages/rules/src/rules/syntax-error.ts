import { defineRule } from "../engine/rule.js";

const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`;

/** One finding per file, at its first ill-formed sequence: a Latin-1 file would otherwise get one per accent. */
export function invalidUtf8Message(bytes: readonly number[], more: number): string {
  const what = bytes.length === 1 ? `byte ${hex(bytes[0] as number)} is` : `bytes ${bytes.map(hex).join(" ")} are`;
  const others = more === 0 ? "" : ` (and ${more} more invalid sequence${more === 1 ? "" : "s"} in this file)`;
  return `${what} not valid UTF-8${others}: jaillint reads configuration files as UTF-8 or ASCII, so it does not fix this file; convert it to UTF-8 (e.g. iconv -f ISO-8859-1 -t UTF-8) or remove the byte`;
}

export const syntaxError = defineRule({
  code: "JL001",
  name: "syntax-error",
  severity: "error",
  fixable: false,
  needs: [],
  docs: {
    what: "Text that the file's own parser rejects: jail(8) for jail.conf, pfctl(8) for pf.conf, sh(1) for rc.conf. The same code serves all three file kinds. In rc.conf, shell constructs that jaillint keeps but does not evaluate (`if`, `case`, functions, commands) are reported once at info severity. A file that is not UTF-8 (or ASCII), such as a Latin-1 comment, is reported once, at warning severity, at its first invalid byte.",
    why: "jail(8) refuses the whole file on the first syntax error, so no jail starts; pfctl refuses to load the ruleset and the previous one (or none) stays active. Forms a FreeBSD release does not accept (CRLF line endings, nested blocks and `.include` before 14.0) are reported for the release chosen with `--freebsd`. jaillint reads text as UTF-8: bytes that are not are read as U+FFFD, so what it checks is not quite the file, and a fix written back would replace those bytes.",
    example: {
      kind: "jail",
      bad: 'www {\n  host.hostname = "www.example.org"\n  path = "/jails/www";\n}\n',
      good: 'www {\n  host.hostname = "www.example.org";\n  path = "/jails/www";\n}\n',
    },
    fix: "No fix is offered, for any rule, in a file with a syntax error or one that is not UTF-8: a fix cannot know what the broken text means, and writing a non-UTF-8 file back would change its bytes. Do what the message says: usually a missing `;`, an unclosed quote or brace, or a value that needs quotes because it holds `#`, `//`, `/*`, `,`, `;`, `=`, `{` or `}`.",
  },
  check({ model, report }) {
    const files = [...(model.jailConf?.files ?? []), ...(model.rc?.files ?? []), ...model.pfFiles];
    for (const f of files) {
      for (const p of f.ast.problems) {
        report({ message: p.message, file: f.file, range: p.range, ...(p.severity === "note" ? { severity: "info" as const } : {}) });
      }
    }
    for (const [file, invalid] of model.invalidUtf8) {
      const first = invalid[0];
      if (!first || !model.texts.has(file)) continue;
      report({
        message: invalidUtf8Message(first.bytes, invalid.length - 1),
        file,
        range: { start: first.offset, end: first.offset + 1 },
        severity: "warning",
      });
    }
  },
});
