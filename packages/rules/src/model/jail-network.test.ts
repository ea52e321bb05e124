import { describe, expect, it } from "vitest";
import { addressesAddedBy } from "./jail-network.js";

const on = (command: string) =>
  addressesAddedBy(command, "exec.prestart").map((a) => `${a.interface} ${a.address} inet${a.family === 6 ? "6" : ""}`);

describe("addressesAddedBy: the addresses an exec.* ifconfig command puts on an interface", () => {
  it.each([
    ["ifconfig lo1 alias 127.0.1.3", "lo1 127.0.1.3 inet"],
    ["ifconfig lo1 inet 127.0.1.3", "lo1 127.0.1.3 inet"],
    ["ifconfig lo1 inet 127.0.1.3 alias", "lo1 127.0.1.3 inet"],
    ["ifconfig lo1 inet 127.0.1.3/32 alias", "lo1 127.0.1.3 inet"],
    ["ifconfig lo1 inet 127.0.1.3 netmask 255.255.255.255 alias", "lo1 127.0.1.3 inet"],
    ["/sbin/ifconfig em0 10.0.0.5 netmask 0xffffffff alias", "em0 10.0.0.5 inet"],
    ["ifconfig lo1 inet6 fd00::3 prefixlen 128 alias", "lo1 fd00::3 inet6"],
    ["ifconfig lo1 inet6 fd00::3/128 alias", "lo1 fd00::3 inet6"],
  ])("%s", (command, expected) => {
    expect(on(command)).toEqual([expected]);
  });

  it("reads each command of a list", () => {
    expect(on("ifconfig lo1 create; ifconfig lo1 alias 127.0.1.3 && ifconfig lo2 inet 127.0.2.3 alias")).toEqual([
      "lo1 127.0.1.3 inet",
      "lo2 127.0.2.3 inet",
    ]);
  });

  it.each([
    ["removing an alias", "ifconfig lo1 inet 127.0.1.3 -alias"],
    ["deleting an address", "ifconfig lo1 inet 127.0.1.3 delete"],
    ["creating an interface", "ifconfig epair0 create up"],
    ["an address of the other family", "ifconfig lo1 inet6 127.0.1.3 alias"],
    ["a flag, not an interface", "ifconfig -a"],
  ])("adds nothing when %s", (_, command) => {
    expect(on(command)).toEqual([]);
  });
});
