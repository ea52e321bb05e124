import { describe, expect, it } from "vitest";
import { parseRcConf } from "./index.js";
import { pfFlagsMacros } from "./pf-flags.js";
import { buildRcConfig } from "./view.js";

describe("pfFlagsMacros (rc.d/pf's $pf_flags as pfctl's getopt reads it)", () => {
  it("reads -D name=value and -Dname=value, several of them", () => {
    expect(pfFlagsMacros("-D ext_if=em0 -Dint_if=lo1")).toEqual([
      { name: "ext_if", value: "em0" },
      { name: "int_if", value: "lo1" },
    ]);
  });
  it("keeps quotes: sh does not remove them from an unquoted expansion, pfctl's lexer reads them again", () => {
    expect(pfFlagsMacros('-D hotspot_if="wlan0"')).toEqual([{ name: "hotspot_if", value: '"wlan0"' }]);
  });
  it("splits at the last `=` and skips a definition without one (pfctl_cmdline_symset)", () => {
    expect(pfFlagsMacros("-D a=b=c -D novalue")).toEqual([{ name: "a=b", value: "c" }]);
  });
  it("reads grouped options and skips other options' arguments", () => {
    expect(pfFlagsMacros("-qv -o basic -qDx=1 -a jails -D y=2")).toEqual([
      { name: "x", value: "1" },
      { name: "y", value: "2" },
    ]);
  });
  it("stops at the first word that is not an option, as getopt(3) does", () => {
    expect(pfFlagsMacros("-D a=1 stray -D b=2")).toEqual([{ name: "a", value: "1" }]);
  });
  it("reads a value from a file with CRLF line endings as its LF form (continuation lines)", () => {
    expect(pfFlagsMacros('-D a="1" \\\r\n    -D b="2"')).toEqual([
      { name: "a", value: '"1"' },
      { name: "b", value: '"2"' },
    ]);
  });
  it("reads rc.conf's value after sh quoting, continuation lines included", () => {
    const rc = parseRcConf('pf_flags="-D hotspot_if=\\"wlan0\\" \\\n          -D hotspot_net=\\"10.50.50.0/24\\""\n');
    expect(buildRcConfig([{ path: "/etc/rc.conf", ast: rc }]).pfFlagsMacros).toEqual([
      { name: "hotspot_if", value: '"wlan0"' },
      { name: "hotspot_net", value: '"10.50.50.0/24"' },
    ]);
  });
});
