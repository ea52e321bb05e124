import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../../test/support/corpus.js";
import { expectGolden } from "../../../../test/support/golden.js";
import type { TextRange } from "../common/text-range.js";
import { parseRcConf } from "./index.js";
import { buildRcConfig, netmaskToPrefix, orderRcFiles, type RcConfig, type RcProvenance } from "./view.js";

const fixtures = join(repoRoot, "fixtures/rc");

const r = (range: TextRange): [number, number] => [range.start, range.end];
const src = (s: RcProvenance | undefined) => (s ? `${s.file}@${s.range.start}-${s.range.end}` : null);

/** A plain-JSON rendering of everything the view answers, for the golden files. */
function snapshot(config: RcConfig) {
  return {
    variables: Object.fromEntries(
      [...config.variables.values()].map((v) => [
        v.name,
        {
          value: v.value,
          file: v.file,
          range: r(v.assignment.range),
          ...(v.overridden.length > 0
            ? { overridden: v.overridden.map((o) => ({ file: o.file, range: r(o.assignment.range), value: o.value })) }
            : {}),
          ...(v.unresolved.length > 0 ? { unresolved: v.unresolved.map((u) => ({ name: u.name, file: u.file, range: r(u.range) })) } : {}),
        },
      ]),
    ),
    opaqueAssignments: config.opaqueAssignments.map((o) => ({ ...o, range: r(o.range) })),
    jailEnable: { ...config.jailEnable, source: src(config.jailEnable.source) },
    jailList: config.jailList.map((w) => ({ text: w.text, source: src(w.source) })),
    pfEnable: { ...config.pfEnable, source: src(config.pfEnable.source) },
    pfRules: { value: config.pfRules.value, source: src(config.pfRules.source) },
    gatewayEnable: { ...config.gatewayEnable, source: src(config.gatewayEnable.source) },
    defaultRouter: config.defaultRouter ? { value: config.defaultRouter.value, source: src(config.defaultRouter.source) } : null,
    clonedInterfaces: config.clonedInterfaces().map((c) => ({ ...c, source: src(c.source) })),
    configuredInterfaces: config.configuredInterfaces().map((c) => ({ ...c, variables: c.variables.map((v) => v.name) })),
    interfaceAddresses: config.interfaceAddresses().map((i) => ({
      interface: i.interface,
      dhcp: i.dhcp,
      addresses: i.addresses.map(
        (a) =>
          `${a.family} ${a.address}/${a.prefixLength ?? "?"} (${a.prefixFrom}${a.netmask ? ` ${a.netmask}` : ""}) from ${a.variable} ${src(a.source)}`,
      ),
    })),
    legacyJailVariables: config
      .legacyJailVariables()
      .map((l) => ({ jail: l.jail, parameter: l.parameter, variable: l.variable.name, value: l.variable.value })),
  };
}

/** `<case>.rc.conf` stands for /etc/rc.conf, `<case>.rc.conf.local` for /etc/rc.conf.local. */
function loadCase(name: string): RcConfig {
  const files = readdirSync(fixtures).filter((f) => f.startsWith(`${name}.rc.conf`));
  const byVirtual = new Map(files.map((f) => [`/etc/${f.slice(name.length + 1)}`, f]));
  const ordered = orderRcFiles([...byVirtual.keys()]);
  return buildRcConfig(
    ordered.map((path) => {
      const text = readFileSync(join(fixtures, byVirtual.get(path) as string), "utf8");
      const ast = parseRcConf(text);
      expect(ast.problems.filter((p) => p.severity === "error")).toEqual([]);
      return { path, ast };
    }),
  );
}

describe("rc.conf view golden files", () => {
  const cases = existsSync(fixtures)
    ? readdirSync(fixtures)
        .filter((f) => f.endsWith(".rc.conf"))
        .map((f) => f.slice(0, -".rc.conf".length))
    : [];
  it("has fixtures", () => expect(cases.length).toBeGreaterThan(0));
  for (const name of cases) {
    it(name, () => {
      const actual = `${JSON.stringify(snapshot(loadCase(name)), null, 2)}\n`;
      expectGolden(join(fixtures, `${name}.view.golden.json`), actual);
    });
  }
});

describe("orderRcFiles", () => {
  it("sorts the files the way load_rc_config reads them", () => {
    expect(
      orderRcFiles([
        "/usr/local/etc/rc.conf.d/nginx",
        "/etc/rc.conf.d/sshd",
        "/etc/rc.conf.local",
        "/etc/rc.conf.d/jail/b.conf",
        "/etc/rc.conf.d/jail/a.conf",
        "/etc/rc.conf",
        "/etc/rc.conf.d/jail",
      ]),
    ).toEqual([
      "/etc/rc.conf",
      "/etc/rc.conf.local",
      "/etc/rc.conf.d/jail",
      "/etc/rc.conf.d/jail/a.conf",
      "/etc/rc.conf.d/jail/b.conf",
      "/etc/rc.conf.d/sshd",
      "/usr/local/etc/rc.conf.d/nginx",
    ]);
  });
});

describe("RcConfig helpers", () => {
  const view = (text: string) => buildRcConfig([{ path: "/etc/rc.conf", ast: parseRcConf(text) }]);

  it("yes() follows checkyesno", () => {
    const c = view('a="YES"\nb=true\nc=On\nd=1\ne=NO\nf=off\ng=maybe\nh=""');
    expect(["a", "b", "c", "d"].map((n) => c.yes(n).enabled)).toEqual([true, true, true, true]);
    expect(["e", "f", "g", "h", "unset"].map((n) => c.yes(n).state)).toEqual(["no", "no", "invalid", "invalid", "unset"]);
    expect(c.yes("a").source).toEqual({ file: "/etc/rc.conf", range: { start: 0, end: 7 } });
  });

  it("netmaskToPrefix reads dotted and hex masks", () => {
    expect(["255.255.255.0", "0xffffff00", "255.255.255.255", "0.0.0.0", "255.0.255.0", "0xfffffff0"].map(netmaskToPrefix)).toEqual([
      24,
      24,
      32,
      0,
      undefined,
      28,
    ]);
  });

  it("expands references from earlier assignments and flags unresolved ones", () => {
    const c = view('a=x\nb="$a ${a}y ${c:-def} ${a:+alt}"\nd="$nope"');
    expect(c.get("b")?.value).toBe("x xy def alt");
    expect(c.get("d")?.value).toBe("");
    expect(c.get("d")?.unresolved).toEqual([{ name: "nope", file: "/etc/rc.conf", range: { start: 40, end: 45 } }]);
  });

  it("gives each list word its own range when the value is plain", () => {
    const c = view('jail_list="www  db"');
    expect(c.jailList.map((w) => [w.text, w.source.range.start, w.source.range.end])).toEqual([
      ["www", 11, 14],
      ["db", 16, 18],
    ]);
  });

  it("maps interface names with dots to variable names (get_if_var)", () => {
    const c = view('ifconfig_em0_100="inet 10.0.0.1/24"\nifconfig_eth1_10bridge="up"\nifconfig_bridge10_name="eth1.10bridge"');
    expect(c.configuredInterfaces().map((i) => i.name)).toEqual(["bridge10", "em0.100", "eth1.10bridge"]);
    expect(c.ifVar("em0.100", "ifconfig_IF")?.value).toBe("inet 10.0.0.1/24");
  });

  it("stops reading aliases at the first empty one", () => {
    const c = view('ifconfig_lo1_alias0="inet 127.0.1.1/32"\nifconfig_lo1_alias1=""\nifconfig_lo1_alias2="inet 127.0.1.3/32"');
    expect(c.interfaceAddresses()[0]?.addresses.map((a) => a.address)).toEqual(["127.0.1.1"]);
  });
  it("goes on past an alias that is only blanks: network.subr stops only at an empty string", () => {
    // ifalias_af_common: `${_af}:*:"":"")  break` matches the empty value; "  " is prefixed with inet and skipped.
    const c = view('ifconfig_lo1_alias0="inet 127.0.1.1/32"\nifconfig_lo1_alias1="  "\nifconfig_lo1_alias2="inet 127.0.1.3/32"');
    expect(c.interfaceAddresses()[0]?.addresses.map((a) => a.address)).toEqual(["127.0.1.1", "127.0.1.3"]);
  });
});

describe("legacy jail variables versus rc.d/jail's global knobs", () => {
  it("does not read old global knobs such as jail_chflags_allow as a jail named chflags", () => {
    const text = [
      'jail_conf="/etc/jail.conf"',
      'jail_chflags_allow="NO"',
      'jail_jexec_user="root"',
      'jail_parallel_start="YES"',
      'jail_www_rootdir="/j"',
      "",
    ].join("\n");
    const config = buildRcConfig([{ path: "/etc/rc.conf", ast: parseRcConf(text) }]);
    expect(config.legacyJailVariables().map((v) => [v.jail, v.parameter])).toEqual([["www", "rootdir"]]);
  });
});
