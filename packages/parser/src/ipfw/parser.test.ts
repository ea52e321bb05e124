import { Lexer } from "chevrotain";
import { describe, expect, it } from "vitest";
import type { IpfwRule } from "./ast.js";
import { parseIpfwFile, parseIpfwScript } from "./index.js";
import { IpfwParser } from "./parser.js";
import { buildIpfwRuleset, evaluateIpfwPacket, type IpfwPacket } from "./policy.js";
import { RC_FIREWALL_TYPES, rcFirewallCommands } from "./rc-firewall.js";
import { lexerTokens } from "./tokens.js";

const problems = (text: string) =>
  parseIpfwFile(text).problems.map((p) => ({ message: p.message, text: text.slice(p.range.start, p.range.end) }));
const NO_OPTION = "it is no option ipfw(8) lists here, nor a port or service name /etc/services gives: check the spelling";
const rules = (text: string) => parseIpfwFile(text).commands.filter((c): c is IpfwRule => c.type === "Rule");

describe("IpfwParser grammar", () => {
  it("passes Chevrotain's grammar validations", () => {
    expect(() => new IpfwParser({ validate: true })).not.toThrow();
  });
  it("has a lexer Chevrotain can optimize by first character (10× faster than without)", () => {
    expect(() => new Lexer(lexerTokens, { positionTracking: "onlyOffset", ensureOptimizations: true })).not.toThrow();
  });
});

describe("ipfw rules", () => {
  it("reads rc.firewall's loopback rules with their parts and exact ranges", () => {
    const text = "add 100 pass all from any to any via lo0\nadd 200 deny all from any to 127.0.0.0/8\n";
    const [a, b] = rules(text);
    expect(a?.written).toBe(100);
    expect(a?.action).toMatchObject({ kind: "allow", keyword: "pass" });
    expect(a?.body?.protos).toEqual(["all"]);
    expect(a?.body?.options).toEqual([{ kind: "interface", which: "via", iface: "lo0", negated: false, range: { start: 33, end: 40 } }]);
    expect(text.slice(a?.range.start, a?.range.end)).toBe("add 100 pass all from any to any via lo0");
    const to = b?.body?.to;
    expect(to?.addresses).toEqual([{ kind: "network", af: "inet", network: "127.0.0.0/8", range: { start: 70, end: 81 } }]);
    expect(text.slice(to?.range.start, to?.range.end)).toBe("127.0.0.0/8");
  });

  it("reads ports, protocol blocks, negation, tables, option blocks and state", () => {
    const [r] = rules(
      "add 300 deny { tcp or udp } from not table(13) 1024-65535 to me 22,80,http in via em0 { setup or established } keep-state\n",
    );
    expect(r?.body?.protos).toEqual(["tcp", "udp"]);
    expect(r?.body?.from).toMatchObject({ negated: true, addresses: [{ kind: "table", name: "13" }], ports: [{ low: 1024, high: 65535 }] });
    expect(r?.body?.to).toMatchObject({
      addresses: [{ kind: "me" }],
      ports: [
        { low: 22, high: 22 },
        { low: 80, high: 80 },
      ],
      portNames: ["http"],
    });
    expect(r?.body?.options.map((o) => o.kind)).toEqual(["direction", "interface", "or", "state"]);
  });

  it("reads actions: skipto's target, check-state alone, nat's instance, log with logamount", () => {
    const rs = rules(
      "add skipto 1000 ip from any to any\nadd check-state :web\nadd 50 nat 123 ip4 from any to any via em0\nadd deny log logamount 500 ip from any to any\n",
    );
    expect(rs.map((r) => [r.action.kind, r.action.target ?? r.action.arg, r.log])).toEqual([
      ["skipto", 1000, false],
      ["check-state", ":web", false],
      ["nat", "123", false],
      ["deny", undefined, true],
    ]);
  });

  it("reads tables, nat configuration and other commands", () => {
    const f = parseIpfwFile(
      "-f flush\ntable 13 add 10.0.0.0/8\ntable all flush\nnat 123 config log if em0 same_ports\npipe 1 config bw 1Mbit/s\n",
    );
    expect(f.problems).toEqual([]);
    expect(f.commands.map((c) => c.type)).toEqual(["Other", "Table", "Table", "NatConfig", "Other"]);
    expect(f.commands[1]).toMatchObject({ name: "13", op: "add", entries: [{ network: "10.0.0.0/8" }] });
    expect(f.commands[3]).toMatchObject({ instance: "123", iface: "em0" });
  });

  it("parses every firewall_type's rules as rc.firewall adds them, and numbers them as the kernel does", () => {
    const vars: Record<string, string> = {
      firewall_client_net: "192.0.2.0/24",
      firewall_simple_oif: "em0",
      firewall_simple_iif: "em1",
      firewall_simple_inet: "10.0.0.0/8",
      firewall_simple_onet: "203.0.113.0/24",
      firewall_myservices: "22/tcp 53/udp 80",
      firewall_allowservices: "any",
      firewall_trusted: "10.1.0.0/16",
      firewall_nologports: "135-139",
      firewall_logdeny: "YES",
    };
    for (const type of RC_FIREWALL_TYPES) {
      const f = parseIpfwFile(rcFirewallCommands(type, (n) => vars[n]));
      expect(f.problems, type).toEqual([]);
      const numbers = buildIpfwRuleset([{ file: "", commands: f.commands }]).rules.map((r) => r.number);
      expect(numbers.slice(0, 6), type).toEqual([100, 200, 300, 400, 500, 600]);
    }
    const ws = buildIpfwRuleset([{ file: "", commands: parseIpfwFile(rcFirewallCommands("workstation", (n) => vars[n])).commands }]);
    expect(ws.rules.filter((r) => r.rule.text.includes("from any to me")).map((r) => r.rule.text)).toEqual([
      "add pass tcp from any to me 22",
      "add pass udp from any to me 53",
      "add pass tcp from any to me 80",
    ]);
    // Past 65000 the step continues up to the default rule, never onto it.
    expect(ws.rules.map((r) => r.number).slice(-3)).toEqual([65400, 65500, 65500]);
  });
});

describe("ipfw syntax errors, in ipfw2.c's words", () => {
  // `fn` names the sbin/ipfw/ipfw2.c function (or the kernel's, sys/netpfil/ipfw/ip_fw_sockopt.c) whose message it is.
  it.each([
    {
      fn: "compile_rule NEED1",
      text: "add 100\n",
      message: "ipfw: missing action; an action (allow, deny, count, skipto, …) follows the rule number",
      at: "100",
    },
    {
      fn: "compile_rule default",
      text: "add 100 alow ip from any to any\n",
      message: "ipfw: invalid action alow; an action is one ipfw(8) RULE ACTIONS lists: allow, deny, count, skipto, …",
      at: "alow",
    },
    {
      fn: "compile_rule chkarg",
      text: "add 100 skipto\n",
      message: "ipfw: missing argument for skipto; write the argument after skipto",
      at: "skipto",
    },
    {
      fn: "compile_rule chkarg",
      text: "add 100 skipto foo ip from any to any\n",
      message: "ipfw: illegal argument for skipto; skipto takes a number from 1 to 65534 or tablearg",
      at: "foo",
    },
    {
      fn: "compile_rule chkarg",
      text: "add 100 skipto 0 ip from any to any\n",
      message: "ipfw: illegal argument for skipto; skipto takes a number from 1 to 65534 or tablearg",
      at: "0",
    },
    {
      fn: "compile_rule TOK_UNREACH",
      text: "add 100 unreach\n",
      message: "ipfw: missing reject code; write the argument after unreach",
      at: "unreach",
    },
    {
      fn: "fill_reject_code",
      text: "add 100 unreach foo ip from any to any\n",
      message: "ipfw: unknown ICMP unreachable code ``foo''; a code is a number or net, host, protocol, port, needfrag, filter-prohib, …",
      at: "foo",
    },
    {
      fn: 'compile_rule "from"',
      text: "add 100 allow ip tcp from any to any\n",
      message: "ipfw: missing ``from''; after the protocol a rule body is \"from src to dst\"",
      at: "tcp",
    },
    {
      fn: 'compile_rule "from"',
      text: "add 100 allow tcp to any\n",
      message: "ipfw: missing ``from''; after the protocol a rule body is \"from src to dst\": `tcp from any to any`",
      at: "to",
    },
    {
      fn: "compile_rule NEED1",
      text: "add 100 allow ip from\n",
      message: "ipfw: missing source address; write the source after `from`: any, me, an address or table(N)",
      at: "from",
    },
    {
      fn: 'compile_rule "to"',
      text: "add 100 allow ip from any\n",
      message: "ipfw: missing ``to''; after the source a rule body is \"to dst\": `from any to me`",
      at: "any",
    },
    {
      fn: "compile_rule NEED1",
      text: "add 100 allow ip from any to\n",
      message: "ipfw: missing dst address; write the destination after `to`: any, me, an address or table(N)",
      at: "to",
    },
    {
      fn: "compile_rule add_proto_compat",
      text: "add 100 allow { tcp or foo } from any to any\n",
      message: "ipfw: invalid protocol ``foo''; a protocol is a name /etc/protocols gives, or its number",
      at: "foo",
    },
    {
      fn: "compile_rule read_options",
      text: "add 100 allow foo from any to any\n",
      message:
        "ipfw: unrecognised option [-1] foo; it is no option ipfw(8) lists here, nor a port or service name /etc/services gives: check the spelling",
      at: "foo",
    },
    {
      fn: "compile_rule read_options",
      text: "add 100 allow ip from any to any keepstate\n",
      message:
        "ipfw: unrecognised option [-1] keepstate; it is no option ipfw(8) lists here, nor a port or service name /etc/services gives: check the spelling",
      at: "keepstate",
    },
    {
      fn: "compile_rule read_options",
      text: "add 100 allow ip from any to any in frobnicate\n",
      message:
        "ipfw: unrecognised option [-1] frobnicate; it is no option ipfw(8) lists here, nor a port or service name /etc/services gives: check the spelling",
      at: "frobnicate",
    },
    {
      fn: "compile_rule read_options",
      text: "add 100 allow tcp from any to any 22:80\n",
      message:
        "ipfw: unrecognised option [-1] 22:80; it is no option ipfw(8) lists here, nor a port or service name /etc/services gives: check the spelling",
      at: "22:80",
    },
    {
      fn: "rule_action_params",
      text: "add 100 allow ip from any to any log\n",
      message: "ipfw: unrecognised option [-1] log; write log right after the action: `add 100 deny log ip from any to any`",
      at: "log",
    },
    {
      fn: "rule_action_params",
      text: "add 100 allow ip from any to any tag 5\n",
      message:
        "ipfw: unrecognised option [-1] tag; it is no option ipfw(8) lists here, nor a port or service name /etc/services gives: check the spelling",
      at: "tag",
    },
    {
      fn: "compile_rule TOK_LOG",
      text: "add 100 deny log logamount\n",
      message: "ipfw: logamount requires argument; write the argument after logamount",
      at: "logamount",
    },
    { fn: "GET_UINT_ARG", text: "add 100 deny tag\n", message: "ipfw: tag: missing argument; write the argument after tag", at: "tag" },
    {
      fn: "compile_rule NEED1",
      text: "add 100 allow ip from any to any via\n",
      message: "ipfw: recv, xmit, via require interface name or address; write the argument after via",
      at: "via",
    },
    {
      fn: "compile_rule NEED1",
      text: "add 100 allow ip from any to any limit\n",
      message: "ipfw: limit: missing limit mask; write the argument after limit",
      at: "limit",
    },
    {
      fn: "compile_rule TOK_KEEPSTATE",
      text: "add 100 allow ip from any to any keep-state limit src-addr 5\n",
      message: "ipfw: only one of keep-state, record-state,  limit and set-limit is allowed; remove this `limit`",
      at: "limit src-addr 5",
    },
    {
      fn: "compile_rule TOK_KEEPSTATE",
      text: "add 100 allow ip from any to any { keep-state or in }\n",
      message: "ipfw: keep-state or record-state cannot be part of an or block; write `keep-state` outside the `{ … }` block",
      at: "keep-state",
    },
    {
      fn: "compile_rule TOK_CHECKSTATE",
      text: "add 100 check-state ip from any to any\n",
      message: "ipfw: Invalid state name ip; check-state takes no body: write `add check-state` or `add check-state :flowname`",
      at: "ip",
    },
    {
      fn: "ipfw_add, check_ipfw_rule1",
      text: "add 70000 allow ip from any to any\n",
      message: "ipfw: getsockopt(IP_FW_XADD): Invalid argument; the kernel takes rule numbers 1 to 65534, not 70000",
      at: "70000",
    },
    {
      fn: "ipfw_add, check_ipfw_rule1",
      text: "add 65535 allow ip from any to any\n",
      message:
        "ipfw: getsockopt(IP_FW_XADD): Invalid argument; rule 65535 is the default rule, which no `add` can replace: number the rule below it",
      at: "65535",
    },
    {
      fn: "compile_rule [set N]",
      text: "add 100 set 32 allow ip from any to any\n",
      message: "ipfw: illegal set 32; sets are numbered 0 to 31 (ipfw(8) SETS OF RULES)",
      at: "32",
    },
    {
      fn: "compile_rule [prob D]",
      text: "add 100 prob 2 allow ip from any to any\n",
      message: "ipfw: illegal match prob. 2; a probability is a number above 0 and at most 1",
      at: "2",
    },
    {
      fn: "fill_ip",
      text: "add 100 allow ip from 10.0.0.0/33 to any\n",
      message: "ipfw: bad width ``33''; a prefix length is 0 to 32",
      at: "10.0.0.0/33",
    },
    {
      fn: "fill_ip",
      text: "add 100 allow ip from 10.0.0.0:255.255.x to any\n",
      message: "ipfw: bad netmask ``255.255.x''; a netmask is dotted, as 255.255.255.0; or write the width: 10.0.0.0/24",
      at: "10.0.0.0:255.255.x",
    },
    {
      fn: "fill_ip lookup_host",
      text: "add 100 allow ip from 999.1.1.1 to any\n",
      message: "ipfw: hostname ``999.1.1.1'' unknown; an IPv4 address has four numbers 0 to 255",
      at: "999.1.1.1",
    },
    {
      fn: "fill_newports (no message of ipfw's)",
      text: "add 100 allow tcp from any to any 99999\n",
      message:
        "ipfw: port 99999 is above 65535; ipfw says nothing and keeps the low 16 bits (ipfw2.c fill_newports), so the rule matches port 34463: write a port 0 to 65535",
      at: "99999",
    },
  ])("$fn: $text", ({ text, message, at }) => {
    expect(problems(text)).toEqual([{ message, text: at }]);
  });

  it.each([
    ["add 0 allow ip from any to any", "rule 0 is no number: the kernel numbers it"],
    ["add 100 allow", "a rule of options alone (IPFW_RULE_JUSTOPTS, FreeBSD 12 and later)"],
    ["add 100 allow in via em0 keep-state", "options alone"],
    ["add 100 allow estab", "rule_options' other spellings"],
    ["add 100 allow ip from 10.1 to any", "inet_aton's short form, 10.0.0.1"],
    ["add 100 allow ip4 from any to any ip6 fragment", "ip4 as the protocol, ip6 and fragment as options"],
    ["add 100 allow ip from any to any limit src-addr dst-port 10", "limit with two mask words"],
    ["add 100 allow ip from any to any lookup dst-ip jails", "lookup takes two words"],
    ["add 100 divert natd ip4 from any to any via em0", "divert to a port /etc/services names"],
    ["add 100 unreach port ip from any to any", "an unreach code by name"],
    ["add 100 nat global ip from any to any", "nat global"],
    ["add 100 skipto tablearg ip from table(1) to any", "tablearg"],
  ])("%s: ipfw accepts it (%s)", (text) => {
    expect(problems(`${text}\n`)).toEqual([]);
  });

  it("ipfw stops at a command's first error: one finding a command", () => {
    expect(problems("add 100 alow ip from any to any keepstate frobnicate\n").map((p) => p.text)).toEqual(["alow"]);
    expect(problems("add 100 allow ip from any to any keepstate frobnicate\n").map((p) => p.text)).toEqual(["keepstate"]);
  });

  it("a rule of options alone matches as `ip from any to any` with them", () => {
    const [r] = rules("add 100 deny in via em0\n");
    expect(r?.body?.protos).toEqual(["all"]);
    expect(r?.body?.from.addresses.map((a) => a.kind)).toEqual(["any"]);
    expect(r?.body?.options.map((o) => o.kind)).toEqual(["direction", "interface"]);
  });

  it("an error stays on its line: the next rule is read", () => {
    const f = parseIpfwFile("add 100 alow ip from any to any\nadd 200 deny ip from any to any\n");
    expect(f.problems).toHaveLength(1);
    expect(f.commands.map((c) => (c.type === "Rule" ? c.written : c.type))).toEqual([200]);
  });
});

describe("firewall_script", () => {
  it("reads `ipfw` commands with sh's variables, field splitting and quotes, ranges in the script", () => {
    // The FreeBSD Handbook's style (30.4.3 "Example Ruleset"): a variable holding "ipfw -q add".
    const script = [
      "#!/bin/sh",
      'cmd="ipfw -q add"',
      "pif=em0",
      'jails="127.0.1.0/24"',
      "ipfw -q -f flush",
      "$cmd 00010 allow all from any to any via lo0",
      "$cmd 00100 deny ip from $jails to $jails via lo1",
      'if [ -n "$pif" ]; then',
      "  $cmd 00200 allow tcp from any to me 22 in via $pif setup keep-state",
      "fi",
      "ipfw table 1 add 10.1.0.0/16",
      '$cmd 300 deny ip from "table(1)" to any',
      "ipfw -q /etc/ipfw.more",
      "",
    ].join("\n");
    const f = parseIpfwScript(script);
    expect(f.problems).toEqual([]);
    expect(f.includes).toEqual([
      { path: "/etc/ipfw.more", range: { start: script.indexOf("/etc/ipfw.more"), end: script.indexOf("/etc/ipfw.more") + 14 } },
    ]);
    const rs = f.commands.filter((c): c is IpfwRule => c.type === "Rule");
    expect(rs.map((r) => r.text)).toEqual([
      "add 00010 allow all from any to any via lo0",
      "add 00100 deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1",
      "add 00200 allow tcp from any to me 22 in via em0 setup keep-state",
      "add 300 deny ip from table(1) to any",
    ]);
    // A word written in the script keeps its own range; an expansion points at its `$variable`.
    const via = rs[0]?.body?.options[0];
    expect(script.slice(via?.range.start, via?.range.end)).toBe("via lo0");
    const from = rs[1]?.body?.from.range;
    expect(script.slice(from?.start, from?.end)).toBe("$jails");
    const table = rs[3]?.body?.from.range;
    expect(script.slice(table?.start, table?.end)).toBe("table(1)");
    expect(f.commands.find((c) => c.type === "Table")).toMatchObject({ name: "1", entries: [{ network: "10.1.0.0/16" }] });
  });

  it("rc.conf's variables count only when the script reads rc.conf", () => {
    const env = new Map([["ext_if", "em0"]]);
    const rule = (s: string) => (parseIpfwScript(s, env).commands[0] as IpfwRule | undefined)?.text;
    expect(rule("ipfw add allow ip from any to any via ${ext_if:-igb0}\n")).toBe("add allow ip from any to any via em0");
    expect(rule("ipfw add allow ip from any to any via ${missing:-igb0}\n")).toBe("add allow ip from any to any via igb0");
  });

  it("a syntax error in the script is reported at the script's words", () => {
    const script = 'fw="/sbin/ipfw -q"\n$fw add 100 allow ip from any to any keepstate\n';
    const f = parseIpfwScript(script);
    expect(f.problems.map((p) => [p.message, script.slice(p.range.start, p.range.end)])).toEqual([
      [`ipfw: unrecognised option [-1] keepstate; ${NO_OPTION}`, "keepstate"],
    ]);
  });

  it("a command substitution is not run: the command is noted and left out", () => {
    const f = parseIpfwScript("ipfw add allow ip from $(hostname) to any\n");
    expect(f.commands).toEqual([]);
    expect(f.problems.map((p) => p.severity)).toEqual(["note"]);
  });
});

describe("ipfw evaluation", () => {
  const packet = (over: Partial<IpfwPacket> = {}): IpfwPacket => ({
    direction: "out",
    ifname: "lo1",
    proto: "tcp",
    src: "127.0.1.1",
    dst: "127.0.1.2",
    sport: 50000,
    dport: 5432,
    local: () => true,
    ...over,
  });
  const verdict = (text: string, p: IpfwPacket = packet()) => {
    const v = evaluateIpfwPacket(buildIpfwRuleset([{ file: "f", commands: parseIpfwFile(text).commands }]), p);
    return [v.verdict, v.rule?.number];
  };

  it("first match by number, not by order in the file", () => {
    expect(verdict("add 200 allow ip from any to any\nadd 100 deny ip from any to any\n")).toEqual(["block", 100]);
  });
  it("rules of one number in the order added", () => {
    expect(verdict("add 100 allow ip from any to any\nadd 100 deny ip from any to any\n")).toEqual(["pass", 100]);
  });
  it("recv matches only incoming packets, xmit only outgoing", () => {
    expect(verdict("add 100 deny ip from any to any recv lo1\nadd 200 allow ip from any to any\n")).toEqual(["pass", 200]);
    expect(verdict("add 100 deny ip from any to any xmit lo1\nadd 200 allow ip from any to any\n")).toEqual(["block", 100]);
  });
  it("call and return", () => {
    expect(verdict("add 100 call 1000 ip from any to any\nadd 200 deny ip from any to any\nadd 1000 return ip from any to any\n")).toEqual([
      "block",
      200,
    ]);
  });
  it("a table filled by `table N add` is matched; one filled at run time is not known", () => {
    expect(verdict("table 1 add 127.0.1.0/24\nadd 100 deny ip from table(1) to any\nadd 200 allow ip from any to any\n")).toEqual([
      "block",
      100,
    ]);
    expect(verdict("add 100 deny ip from table(9) to any\nadd 200 allow ip from any to any\n")).toEqual(["unknown", 100]);
  });
  it("`-f flush` empties what came before", () => {
    expect(verdict("add 100 deny ip from any to any\n-f flush\nadd 200 allow ip from any to any\n")).toEqual(["pass", 200]);
  });
  it("no rule decides: the default rule, whose action is the kernel's", () => {
    expect(verdict("add 100 count ip from any to any\n")).toEqual(["unknown", undefined]);
  });
});

describe("hostile ipfw input", () => {
  it("reports option blocks nested too deeply instead of exhausting the stack", () => {
    const deep = `add 100 allow ip from any to any ${"{ in or ".repeat(5000)}out${" }".repeat(5000)}\nadd 200 deny ip from any to any\n`;
    const f = parseIpfwFile(deep);
    expect(f.problems.map((p) => p.message)).toEqual([
      "ipfw: `{ … }` blocks nested 5000 deep; jaillint reads at most 32, so this command is not read",
    ]);
    expect(f.commands.map((c) => (c.type === "Rule" ? c.written : c.type))).toEqual([200]);
  });

  it("reads a 20 000-command script without a quadratic slowdown (a string end test once cost 150 s here)", () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `$fw add ${i + 1} deny tcp from 10.0.${i % 250}.0/24 to me 22 in via em0`);
    const started = performance.now();
    const f = parseIpfwScript(`fw="ipfw -q"\n${lines.join("\n")}\n`);
    expect(f.commands).toHaveLength(20000);
    expect(f.problems).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10000);
  });
});

describe("firewall_script functions, run where they are called", () => {
  const ruleTexts = (script: string) =>
    parseIpfwScript(script)
      .commands.filter((c): c is IpfwRule => c.type === "Rule")
      .map((r) => [r.text, script.slice(r.range.start, r.range.end)]);

  it("a body runs at its call, not at its definition; a function never called adds nothing", () => {
    const script = [
      "#!/bin/sh",
      'fwcmd="/sbin/ipfw -q"',
      "setup_loopback() {",
      "  ${fwcmd} add 100 pass all from any to any via lo0",
      "}",
      "unused() { ${fwcmd} add 900 deny ip from any to any; }",
      "${fwcmd} -f flush",
      "${fwcmd} add 50 count ip from any to any",
      "setup_loopback",
      "${fwcmd} add 200 deny all from any to 127.0.0.0/8",
      "",
    ].join("\n");
    expect(ruleTexts(script)).toEqual([
      ["add 50 count ip from any to any", "add 50 count ip from any to any"],
      ["add 100 pass all from any to any via lo0", "add 100 pass all from any to any via lo0"],
      ["add 200 deny all from any to 127.0.0.0/8", "add 200 deny all from any to 127.0.0.0/8"],
    ]);
    const f = parseIpfwScript(script);
    const r100 = f.commands[2] as IpfwRule;
    expect(r100.range).toEqual({ start: script.indexOf("add 100"), end: script.indexOf("add 100") + 40 });
  });

  it("called twice adds twice, with $1 set to the call's word; a call before the definition runs nothing", () => {
    const script = [
      "deny_from 10.0.0.0/8",
      "deny_from() {",
      '  ipfw add deny ip from "$1" to any',
      "}",
      "deny_from 192.0.2.0/24",
      "deny_from 198.51.100.0/24",
      "",
    ].join("\n");
    const f = parseIpfwScript(script);
    const rs = f.commands.filter((c): c is IpfwRule => c.type === "Rule");
    // The expansion points at the word that produced it, in the body.
    const at = { start: script.indexOf('"$1"'), end: script.indexOf('"$1"') + 4 };
    expect(rs.map((r) => r.body?.from.addresses)).toEqual([
      [{ kind: "network", af: "inet", network: "192.0.2.0/24", range: at }],
      [{ kind: "network", af: "inet", network: "198.51.100.0/24", range: at }],
    ]);
    expect(f.problems).toEqual([]);
  });

  it("a function calling another follows both; one calling itself stops with a note", () => {
    const inner = "inner() { ipfw add 300 allow ip from me to any; }\nouter() { ipfw add 200 count ip from any to any; inner; }\nouter\n";
    expect(ruleTexts(inner).map(([t]) => t)).toEqual(["add 200 count ip from any to any", "add 300 allow ip from me to any"]);
    const loop = "again() { ipfw add 100 count ip from any to any; again; }\nagain\n";
    const f = parseIpfwScript(loop);
    expect(f.commands).toHaveLength(32);
    expect(f.problems.map((p) => [p.severity, loop.slice(p.range.start, p.range.end)])).toEqual([["note", "again"]]);
  });

  it("an error in a body called twice is reported once, at the body's words", () => {
    const script = "f() {\n  ipfw add 100 allow ip from any to any keepstate\n}\nf\nf\n";
    const f = parseIpfwScript(script);
    expect(f.problems.map((p) => script.slice(p.range.start, p.range.end))).toEqual(["keepstate"]);
  });

  it("a function named ipfw (a wrapper) is not followed: its calls read as ipfw commands", () => {
    const script = 'ipfw() { /sbin/ipfw -q "$@"; }\nipfw add 100 deny ip from any to any\n';
    expect(ruleTexts(script).map(([t]) => t)).toEqual(["add 100 deny ip from any to any"]);
  });
});
