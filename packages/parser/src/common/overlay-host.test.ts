import { describe, expect, it } from "vitest";
import type { ConfigHost } from "./config-host.js";
import { MemoryHost } from "./memory-host.js";
import { OverlayHost } from "./overlay-host.js";

const disk = (): MemoryHost =>
  new MemoryHost({
    "/etc/jail.conf": '.include "/etc/jail.conf.d/*.conf";\n',
    "/etc/jail.conf.d/a.conf": "a { persist; }\n",
    "/etc/jail.conf.d/c.conf": "c { persist; }\n",
  });

describe("OverlayHost", () => {
  it("reads a buffer before the base host, and the base again once the buffer is deleted", () => {
    const host = new OverlayHost(disk());
    expect(host.read("/etc/jail.conf.d/a.conf")).toEqual({ ok: true, text: "a { persist; }\n", file: "/etc/jail.conf.d/a.conf" });
    host.set("/etc/jail.conf.d/a.conf", "a { persist; mount.devfs; }\n");
    expect(host.read("/etc/jail.conf.d/a.conf")).toEqual({
      ok: true,
      text: "a { persist; mount.devfs; }\n",
      file: "/etc/jail.conf.d/a.conf",
    });
    expect(host.get("/etc/jail.conf.d/a.conf")).toBe("a { persist; mount.devfs; }\n");
    expect(host.delete("/etc/jail.conf.d/a.conf")).toBe(true);
    expect(host.delete("/etc/jail.conf.d/a.conf")).toBe(false);
    expect(host.read("/etc/jail.conf.d/a.conf")).toEqual({ ok: true, text: "a { persist; }\n", file: "/etc/jail.conf.d/a.conf" });
  });

  it("passes a read failure of a file without a buffer through", () => {
    const host = new OverlayHost(disk());
    expect(host.read("/etc/rc.conf")).toEqual({ ok: false, reason: "missing", detail: "no such file" });
    host.set("/etc/rc.conf", 'jail_enable="YES"\n');
    expect(host.read("/etc/rc.conf")).toEqual({ ok: true, text: 'jail_enable="YES"\n', file: "/etc/rc.conf" });
    expect(host.paths()).toEqual(["/etc/rc.conf"]);
  });

  it("globs the base's files and the buffers of new files, sorted, each once; hidden names only for a dot pattern", () => {
    const host = new OverlayHost(disk());
    host.set("/etc/jail.conf.d/b.conf", "b { persist; }\n");
    host.set("/etc/jail.conf.d/a.conf", "a { }\n");
    host.set("/etc/jail.conf.d/.swap.conf", "");
    host.set("/etc/jail.conf.d/notes.txt", "");
    expect(host.glob("/etc/jail.conf.d/*.conf")).toEqual(["/etc/jail.conf.d/a.conf", "/etc/jail.conf.d/b.conf", "/etc/jail.conf.d/c.conf"]);
    expect(host.glob("/etc/jail.conf.d/.*.conf")).toEqual(["/etc/jail.conf.d/.swap.conf"]);
  });

  it("keeps the base host's completeness and labels", () => {
    const base: ConfigHost = Object.assign(disk(), { complete: false, label: (p: string) => `tree${p}` });
    const host = new OverlayHost(base);
    expect(host.complete).toBe(false);
    expect(host.label("/etc/jail.conf")).toBe("tree/etc/jail.conf");
    expect(new OverlayHost(disk()).complete).toBeUndefined();
    expect(new OverlayHost(disk()).label("/etc/jail.conf")).toBe("/etc/jail.conf");
  });
});
