import { crlfToLf } from "../engine/fixes.js";
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
  fixable: "safe",
  needs: [],
  scope: "file",
  docs: {
    what: "Text that the file's own parser rejects: jail(8) for jail.conf, pfctl(8) for pf.conf, sh(1) for rc.conf, ipfw(8) for the ipfw rules rc.conf's firewall_script or firewall_type names (a file of ipfw commands, or the `ipfw` commands of an sh script, reported at the script's words) in the words ipfw(8) itself prints, then what to do: a misspelt option such as `keepstate` is `ipfw: unrecognised option [-1] keepstate`, a misspelt action `ipfw: invalid action alow`. The same code serves every file kind. In rc.conf, shell constructs that jaillint keeps but does not evaluate (`if`, `case`, functions, commands) are reported once at info severity, and a carriage return (CRLF line endings) is reported once per file. A file that is not UTF-8 (or ASCII), such as a Latin-1 comment, is reported once, at warning severity, at its first invalid byte. In jail.conf a statement that did not parse gives its JL001 and nothing else: no other rule judges what the parser's recovery made of it, and a variable it defines still counts as defined. A jail.conf or pf.conf that is mostly unparseable (at least 10 syntax errors on a quarter of its lines or more, as in a Jinja, ERB or Go template) gets one finding that says so, and no others. So does, as a note, one that parses but whose values are mostly template placeholders (`key=\"<%= @key %>\";`).",
    why: 'jail(8) refuses the whole file on the first syntax error, so no jail starts; pfctl refuses to load the ruleset and the previous one (or none) stays active. Forms a FreeBSD release does not accept (CRLF line endings, nested blocks and `.include` before 14.0) are reported for the release chosen with `--freebsd`. pfctl also rejects a ruleset whose parts are out of order: options, Ethernet rules, normalization (`scrub`), queueing, translation (`nat`/`rdr`/`binat` and their anchors), then filtering (`pass`/`block`/`match`, `anchor`, `antispoof`); sbin/pfctl/parse.y `check_rulestate` fails with "Rules must be in order: options, ethernet, normalization, queueing, translation, filtering" (FreeBSD 13: without "ethernet"), through included files too, unless `set require-order no` came first. Macros, tables, `include`, `load anchor` and the `set` options `skip`, `hostid`, `ruleset-optimization`, `require-order`, `state-policy`, `state-defaults`, `keepcounters` and `syncookies` are not checked and may stand anywhere. A syntax error in a file pf.conf includes is reported in that file. ipfw reads a rule as sbin/ipfw/ipfw2.c compile_rule does and reports the first error of each command with the message compile_rule (or fill_ip, fill_reject_code, and the kernel\'s check_ipfw_rule1 through ipfw_add: "getsockopt(IP_FW_XADD): Invalid argument") prints, as ipfw stops there and adds no rule; a rule of options alone (`add 100 allow in via em0`, FreeBSD 12 and later) is read as ipfw reads it, and `log`, `tag` or `altq` after the body is ipfw\'s "unrecognised option", as they belong right after the action. A port above 65535 is reported although ipfw says nothing: fill_newports keeps its low 16 bits. sh(1) reads only `\\n` as a line break and only space and tab as blanks (sh(1), "Lexical Structure"), so in a CRLF rc.conf the `\\r` ends every value: `pf_enable="YES"` is `YES\\r`, which rc.subr\'s checkyesno rejects ("is not set properly"), and pf, like every service enabled that way, does not start. jaillint reads text as UTF-8: bytes that are not are read as U+FFFD, so what it checks is not quite the file, and a fix written back would replace those bytes.',
    // A CRLF rc.conf: the example pages show the carriage returns as ␍.
    example: {
      kind: "rc",
      bad: 'pf_enable="YES"\r\npf_rules="/etc/pf.conf"\r\n',
      good: 'pf_enable="YES"\npf_rules="/etc/pf.conf"\n',
    },
    fix: 'No fix is offered, for any rule, in a file with a syntax error or one that is not UTF-8 (only the conversion of CRLF line endings, which needs no parse): a fix cannot know what the broken text means, and writing a non-UTF-8 file back would change its bytes. Do what the message says: usually a missing `;` (in jail.conf, `host.hostname = "www.example.org"` needs one after it), an unclosed quote or brace, or a value that needs quotes because it holds `#`, `//`, `/*`, `,`, `;`, `=`, `{` or `}`. Line endings: `--fix` converts a CRLF file to LF (a safe fix; a lone CR is left for you to decide).',
  },
  check({ model, report }) {
    const files = [...(model.jailConf?.files ?? []), ...(model.rc?.files ?? []), ...model.pfFiles, ...model.ipfwFiles];
    for (const f of files) {
      for (const p of f.ast.problems) {
        const fix = p.lineEndings ? crlfToLf(model.texts.get(f.file) ?? "", "convert CRLF line endings to LF") : undefined;
        report({
          message: p.message,
          file: f.file,
          range: p.range,
          ...(p.severity === "note" ? { severity: "info" as const } : {}),
          ...(fix ? { fix } : {}),
        });
      }
    }
    // pfctl's rule order (parse.y check_rulestate) spans a file and the files it includes.
    for (const o of model.pfOrderProblems) report({ message: o.problem.message, file: o.file, range: o.problem.range });
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
