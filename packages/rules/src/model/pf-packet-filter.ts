import type { PfFilterRule, PfPacket, PfPolicy, PfTranslation, RcProvenance, TextRange } from "@jaillint/parser";
import type { HostModel } from "./host-model.js";
import { type PacketEvaluator, pfLoopbackReachability, translationOn } from "./jail-reachability.js";
import type { FilterDecider, FilterJudgement, FilterPacket, FilterTranslation, PacketFilter } from "./packet-filter.js";
import { hostPfPolicy } from "./pf-host-policy.js";

/** An ephemeral source port (net.inet.ip.portrange.first is 10000 and up), as JL202 uses. */
const SOURCE_PORT = 50000;

/**
 * pf as the host's packet filter: the main pf.conf with the interface names it uses as addresses resolved
 * (hostPfPolicy), evaluated as pf does (pf.conf(5) PACKET FILTERING): a skipped interface is not filtered, a `nat`
 * or `rdr` rewrites the packet the filter rules then see (TRANSLATION), the last matching rule wins unless a
 * `quick` one matches first, and no match passes. Both IPv4 and IPv6 packets are judged (`inet`/`inet6` rules).
 */
export function pfPacketFilter(
  model: HostModel,
  program: "pf" | "both",
  enabledBy: RcProvenance | undefined,
  evaluate: PacketEvaluator,
): PacketFilter {
  const main = (model.pf as NonNullable<HostModel["pf"]>).main;
  const pfFile = main.file;
  const net = model.network;
  let policy: PfPolicy | undefined;
  const resolved = (): PfPolicy => {
    policy ??= hostPfPolicy(main.policy, net);
    return policy;
  };
  let caveats: string[] | undefined;
  const place = (r: { readonly file?: string; readonly range: TextRange }) => ({ file: r.file ?? pfFile, range: r.range });
  const firstLine = (file: string, range: TextRange): string => {
    const text = model.texts.get(file)?.slice(range.start, range.end) ?? "";
    const nl = text.indexOf("\n");
    return (nl < 0 ? text : `${text.slice(0, nl)} …`).trim();
  };
  const ruleDecider = (r: PfFilterRule): FilterDecider => {
    const where = place(r);
    const text = firstLine(where.file, where.range);
    return {
      kind: "rule",
      program: "pf",
      label: `pf rule \`${text}\``,
      text,
      action: r.action === "block" ? "block" : r.action === "pass" ? "pass" : "match",
      quick: r.quick,
      wholeInterface: false,
      ...where,
    };
  };
  return {
    program,
    judging: "pf",
    enabledBy,
    title: "the packet filter (pf)",
    host: undefined,
    get caveats(): readonly string[] {
      if (!caveats) {
        caveats = [];
        // pfctl loads nothing from a file it refuses: the rules judged here are then not what pf runs.
        const undefinedMacro = main.policy.macroRefs.find((m) => !m.defined);
        const broken = (model.pf?.files ?? []).some((f) => f.ast.problems.some((p) => p.severity !== "note"));
        if (undefinedMacro || broken)
          caveats.push(
            `pfctl refuses this pf.conf (${undefinedMacro ? `macro $${undefinedMacro.name} is not defined, JL401` : "a syntax error, JL001"}): until it loads, pf runs other rules than these`,
          );
      }
      return caveats;
    },
    refuses: () => undefined,
    judge(packet: FilterPacket): FilterJudgement {
      const p = resolved();
      const pf: PfPacket = {
        direction: packet.direction,
        ifname: packet.iface,
        af: packet.family === 6 ? "inet6" : "inet",
        proto: packet.proto,
        src: packet.src,
        dst: packet.dst,
        ...(packet.proto !== "icmp"
          ? { sport: packet.sport ?? SOURCE_PORT, ...(packet.dport !== undefined ? { dport: packet.dport } : {}) }
          : {}),
      };
      const skipped = evaluate({ ...p, filterRules: [], translations: [] }, pf, net.groups);
      if (skipped.verdict === "skipped" && skipped.skip)
        return {
          verdict: "pass",
          decidedBy: {
            kind: "skip",
            program: "pf",
            name: skipped.skip.name,
            label: `\`set skip on ${skipped.skip.name}\``,
            ...place(skipped.skip),
          },
        };
      const tr = translationOn(p, pf, net.groups, evaluate);
      let translation: FilterTranslation | undefined;
      let seen = pf;
      if (tr) {
        const where = place(tr.translation);
        const decidedBy: FilterDecider = { kind: "translation", program: "pf", label: `pf ${tr.translation.kind} rule`, ...where };
        const target = tr.unknown ? undefined : translatedPacket(model, tr.translation, pf);
        if (!target)
          // A `nat-anchor`/`rdr-anchor` stands in the policy as a translation with no target (policy.ts anchorEntry).
          return !tr.translation.target
            ? { verdict: "runtime", decidedBy, detail: `the ${tr.translation.kind} rules this anchor loads at run time may translate it` }
            : tr.unknown
              ? {
                  verdict: "runtime",
                  decidedBy,
                  detail: `whether this ${tr.translation.kind} rule applies is known only on the running host`,
                }
              : { verdict: "unknown", decidedBy, detail: `this ${tr.translation.kind} rule translates to an address jaillint cannot name` };
        seen = target;
        translation = {
          kind: tr.translation.kind,
          ...where,
          src: target.src,
          dst: target.dst,
          ...(target.dport !== undefined ? { dport: target.dport } : {}),
          pass: tr.translation.pass,
        };
        if (tr.translation.pass) return { verdict: "pass", decidedBy, translation };
      }
      const v = evaluate(p, seen, net.groups);
      const withTr = translation ? { translation } : {};
      const decidedBy: FilterDecider = v.rule ? ruleDecider(v.rule) : { kind: "default", program: "pf", label: "pf's default pass" };
      if (v.verdict === "unknown")
        return {
          verdict: "runtime",
          decidedBy,
          ...withTr,
          detail: v.detail ?? v.reason,
          ...(v.table !== undefined ? { table: v.table } : {}),
        };
      return { verdict: v.verdict === "block" ? "block" : "pass", decidedBy, ...withTr };
    },
    loopbackReach: (jails) => pfLoopbackReachability(model, jails, resolved(), evaluate),
  };
}

/** The packet as a translation leaves it, when its target is one address jaillint can name; else undefined. */
function translatedPacket(model: HostModel, t: PfTranslation, p: PfPacket): PfPacket | undefined {
  const target = t.target;
  const a = target?.addresses.length === 1 ? target.addresses[0] : undefined;
  if (!a || (target?.pool.length ?? 0) > 0) return undefined;
  // A translation keeps the packet's family (af-to aside, whose target is never a single address here).
  const family = p.af === "inet6" ? 6 : 4;
  const host = family === 6 ? "/128" : "/32";
  let address: string | undefined;
  if (a.kind === "network" && a.network.endsWith(host)) address = a.network.slice(0, -host.length);
  else if (a.kind === "interface" && a.modifier === undefined)
    address = model.network.addresses.onInterface(a.name).host.find((h) => h.family === family)?.address;
  if (!address) return undefined;
  const port = target?.port !== undefined && /^\d+$/.test(target.port) ? Number(target.port) : undefined;
  const rewritesSource = t.kind === "nat" || t.kind === "nat-to" || (t.kind.startsWith("binat") && p.direction === "out");
  if (rewritesSource) return { ...p, src: address };
  return { ...p, dst: address, ...(port !== undefined ? { dport: port } : {}) };
}
