import { MemoryHost } from "@jaillint/parser";
import { buildHostModel, type HostModel } from "@jaillint/rules";

/**
 * A host of `n` jails built from `jail` (given each jail's index), whose `network.jails` counts the searches made
 * in it: a rule that finds a jail's network view by searching that list is quadratic in jails.
 */
export function searchCountingModel(n: number, jail: (i: number) => string): { model: HostModel; searches: () => number } {
  const text = Array.from({ length: n }, (_, i) => jail(i)).join("");
  const model = buildHostModel({ jailConf: ["/etc/jail.conf"] }, new MemoryHost({ "/etc/jail.conf": text }));
  let searches = 0;
  const jails = new Proxy(model.network.jails, {
    get(target, key, receiver) {
      if (key === "find" || key === "filter" || key === "findIndex" || key === "some") searches++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { model: { ...model, network: { ...model.network, jails } }, searches: () => searches };
}
