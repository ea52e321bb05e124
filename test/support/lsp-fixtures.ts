// Expected LSP diagnostics for the protocol tests, written out in full: a test compares the server's whole
// publishDiagnostics against these.
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scratch } from "./cli.js";
import { repoRoot } from "./corpus.js";
import type { LspDiagnostic } from "./lsp-client.js";

export const lspHosts = join(repoRoot, "fixtures/lsp-hosts");

/** A scratch copy of fixtures/lsp-hosts/NAME (for tests that change files on disk). */
export function hostCopy(name: string): string {
  const dir = scratch();
  cpSync(join(lspHosts, name), dir, { recursive: true });
  return dir;
}

export const read = (path: string): string => readFileSync(path, "utf8");

type Range = LspDiagnostic["range"];

export const range = (sl: number, sc: number, el: number, ec: number): Range => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** A diagnostic as the server publishes it: source jaillint, the rule's page, JL101's Deprecated tag. */
export function expected(
  code: string,
  severity: keyof typeof SEVERITY,
  r: Range,
  message: string,
  related?: { uri: string; range: Range; message: string }[],
): LspDiagnostic {
  return {
    range: r,
    severity: SEVERITY[severity],
    code,
    source: "jaillint",
    message,
    codeDescription: { href: `https://github.com/jaillint/jaillint/blob/main/docs/rules/${code}.md` },
    ...(code === "JL101" ? { tags: [2] } : {}),
    ...(related ? { relatedInformation: related.map((x) => ({ location: { uri: x.uri, range: x.range }, message: x.message })) } : {}),
  };
}

export const MESSAGES = {
  JL101db:
    '"allow.sysvipc" is deprecated and shares the host\'s System V IPC (messages, semaphores, shared memory) with jail "db" and every other such jail: use `sysvmsg = new; sysvsem = new; sysvshm = new;` for a private namespace',
  JL104mon:
    'allow.raw_sockets lets root in jail "mon" craft raw packets and probe the network: remove it unless the jail really needs ping-like tools',
  JL002www: 'unknown parameter "host.hostnme": jail(8) fails with "unknown parameter"; did you mean "host.hostname"?',
  JL202cross:
    'jails "mon" (127.0.2.1 on lo2) and "ci" (127.0.2.2 on lo2) can be reached from other jails ("mon" from jails "www" (127.0.1.1), "db" (127.0.1.2) and "ci" (127.0.2.2)): pf passes tcp traffic to any port out and then in on lo2; block traffic between the jails\' loopback addresses in the packet filter (pf)',
  JL203cross:
    '`set skip on lo1` turns pf off on lo1, which carries the traffic between jails "www" and "db": no rule filters it; skip lo0 only and filter the jails\' loopback with rules',
} as const;
