import { describe, expect, it } from "vitest";
import { parsePfConf } from "./index.js";

function problems(text: string) {
  return parsePfConf(text).problems.map((p) => ({ message: p.message, text: text.slice(p.range.start, p.range.end), range: p.range }));
}

describe("pf.conf syntax errors", () => {
  it.each([
    {
      name: "a missing rule part",
      text: "pass in on\n",
      message: "incomplete `pass` rule: the line ends after `on`, expected `!` or a name or value or `{`",
      range: { start: 8, end: 10 },
    },
    {
      name: "an unterminated string",
      text: 'pass in on em0 label "web\npass out all\n',
      message: 'unterminated string: the " quote is never closed on this line',
      range: { start: 21, end: 22 },
    },
    {
      name: "a misspelt keyword",
      text: "pass in quik on em0\n",
      message: "syntax error at `quik`: not valid at this point of a `pass` rule; check the spelling and the order of the rule's parts",
      range: { start: 8, end: 12 },
    },
    {
      name: "an unknown statement",
      text: "invalidline\n",
      message:
        "syntax error at `invalidline`: expected a statement (a pass/block/match rule, nat/rdr, set, table, anchor, include, or a macro definition `name = value`)",
      range: { start: 0, end: 11 },
    },
    {
      name: "a reversed port range (pf1072)",
      text: "pass in proto tcp from any port 500:100 to any\n",
      message: 'invalid port range `500:100`: the first port is above the last (pfctl: "invalid port range")',
      range: { start: 32, end: 39 },
    },
    {
      name: "set skip on !",
      text: "set skip on ! lo0\n",
      message: '`set skip on !` is not supported: pfctl says "skip on ! <interface> is not supported"; list the interfaces to skip',
      range: { start: 12, end: 17 },
    },
    {
      name: "an unclosed inline anchor",
      text: 'anchor "x" {\n pass\n',
      message: "this anchor's `{` is never closed: add a `}` line after its rules",
      range: { start: 11, end: 12 },
    },
    {
      name: "nat without a target",
      text: "nat on em0 from 10.0.0.0/8 to any\n",
      message: "translation rule requires '-> address': add where the packets are translated to",
      range: { start: 0, end: 33 },
    },
  ])("reports $name", ({ text, message, range }) => {
    const got = problems(text);
    expect(got.map((p) => ({ message: p.message, range: p.range }))).toEqual([{ message, range }]);
  });

  it("reports a character that starts no token, as pfctl does (`;`, `+`, `|`, `@`, a lone `$`), and keeps it in a word", () => {
    // parse.y yylex: such a character is handed to the grammar as itself, and no rule takes it there.
    for (const ch of [";", "+", "|", "@", "$", "?"]) {
      const text = `pass in on em0 ${ch} block all\n`;
      expect(problems(text), ch).toEqual([{ message: `unexpected character '${ch}'`, text: ch, range: { start: 15, end: 16 } }]);
    }
    // Inside a word (allowed_in_string: punctuation but ( ) { } < > ! = / # ,) it is part of the word.
    expect(problems("pass in on em0 label a;b+c|d@e\n")).toEqual([]);
  });

  it("keeps reading after errors on two separate lines", () => {
    const text = "block all\npass in quik on em0\npass out on\npass in on lo1 proto tcp to port 22\n";
    const file = parsePfConf(text);
    expect(file.problems.map((p) => text.slice(p.range.start, p.range.end))).toEqual(["quik", "on"]);
    expect(file.statements.map((s) => s.range)).toEqual([
      { start: 0, end: 9 },
      { start: 42, end: 77 },
    ]);
    const last = file.statements[1];
    expect(last?.type === "FilterRule" && last.interfaces.map((i) => i.name)).toEqual(["lo1"]);
  });

  it("resynchronizes after an unclosed list at the next statement", () => {
    const text = "pass in on { em0 em1\npass out all\n";
    const file = parsePfConf(text);
    expect(file.problems).toHaveLength(1);
    expect(file.statements.map((s) => s.type)).toEqual(["FilterRule"]);
  });

  it("does not reserve keywords where a name is expected", () => {
    const file = parsePfConf('pass in on em0 label "pass" tag block\ntable <block> persist\n');
    expect(file.problems).toEqual([]);
  });

  it("accepts what the grammar notes list", () => {
    const text = [
      'ext_if = "em0"',
      'lists = "{ em0 lo1 }"',
      "set skip on { lo0 lo1 }",
      "set timeout { tcp.first 30, interval 10 }",
      "set limit states 10000",
      "set block-policy return",
      'table <bad> persist const counters { 10.0.0.0/8 !10.1.0.0/16 } file "/etc/bad"',
      "scrub in all fragment reassemble",
      "altq on $ext_if cbq bandwidth 10Mb queue { std, ssh }",
      "queue std bandwidth 50% cbq(default)",
      "nat on $ext_if from lo1:network to any -> ($ext_if:0) static-port",
      "rdr pass on $ext_if proto tcp to port 8000:8010 -> 10.0.0.5 port 80",
      "binat on $ext_if from 10.0.0.2 to any -> 192.0.2.2",
      "no rdr on $ext_if proto tcp from 10.0.0.1 to any port 80",
      'nat-anchor "ftp-proxy/*"',
      'rdr-anchor "ftp-proxy/*"',
      "antispoof quick for { lo0 $ext_if } inet",
      "block return-icmp(unreach, unreach) log quick on ! lo1 inet6 from no-route to any",
      'pass in on $lists route-to (em1 192.0.2.1) inet proto { tcp udp } from 10.0.0.1 - 10.0.0.9 port 1 >< 1024 to (em0:network)/24 port { = ssh, != 80, <= 1024, 6000:6010, 7 <> 9 } user { root, > 1000 } flags S/SA modulate state (max 100, source-track rule, max-src-conn-rate 15/5, overload <bad> flush global, tcp.established 60) label "$nr" tag T1 rtable 1 probability 50% prio 3 set prio (1, 2) set tos lowdelay once ridentifier 7 max-pkt-rate 100/10 dnpipe (1, 2) queue (std, ssh)',
      "pass out on egress inet from ! (egress:network) to any nat-to (egress:0) round-robin",
      "pass in on egress proto tcp to (egress) port 8080 rdr-to 10.1.2.151 port 22",
      "pass on em0 from 10.1.2.150 to any binat-to em0",
      "pass in on em0 inet6 from any to 64:ff9b::/96 af-to inet from 198.51.100.1",
      "match in all scrub (no-df random-id max-mss 1440)",
      "pass in divert-to 127.0.0.1 port 8080",
      "block in quick from urpf-failed to any",
      "pass in inet proto icmp icmp-type { echoreq, unreach code 3 }",
      'pass in proto tcp from any os "Windows" to self port www received-on em0 ! tagged T2',
      'anchor "web" in on lo1 {',
      "  pass in proto tcp to port 80",
      "  anchor {",
      "    block",
      "  }",
      "}",
      'load anchor "web" from "/etc/pf.web"',
      'include "/etc/pf.more"',
      "ether pass in on bridge0 from 00:01:02:03:04:05 l3 from 10.0.0.1 tag e",
      'state limiter "dns" id 1 limit 1000 rate 1/10',
    ].join("\n");
    const file = parsePfConf(text);
    expect(file.problems).toEqual([]);
  });
});

describe("a pf.conf template", () => {
  const template = [
    "# {{ ansible_managed }}",
    "ext_if = {{ pf_ext_if }}",
    "{% for jail in jails %}",
    "rdr pass on $ext_if proto tcp to port {{ jail.port }} -> {{ jail.ip }}",
    "{% endfor %}",
    "block in all",
    "{% for p in ports %}",
    "pass in on $ext_if proto tcp to port {{ p }}",
    "{% endfor %}",
    "{% for t in tables %}",
    "table <{{ t.name }}> persist { {{ t.addresses | join(' ') }} }",
    "{% endfor %}",
    "",
  ].join("\n");

  it("is one finding that says what it is, and nothing of what recovery made of it", () => {
    const file = parsePfConf(template);
    expect(problems(template)).toEqual([
      {
        message:
          "this is not pf.conf syntax but a template (placeholders such as `{{`): 18 syntax errors on 10 of its 11 lines, and pfctl would refuse it at the first; lint the pf.conf it generates instead",
        text: "{",
        range: { start: 33, end: 34 },
      },
    ]);
    expect(file.statements).toEqual([]);
    expect(file.macroUses).toEqual([]);
  });

  it("a pf.conf with one broken line still lists its own errors (near-miss)", () => {
    const text = 'ext_if = "em0"\nblock in all\npass in on $ext_if proto tcp to port {{ p }}\npass out all\n';
    const file = parsePfConf(text);
    expect(file.problems.length).toBeGreaterThan(0);
    expect(file.problems.every((p) => !p.message.startsWith("this is not pf.conf"))).toBe(true);
    expect(file.statements.length).toBeGreaterThan(0);
  });
});
