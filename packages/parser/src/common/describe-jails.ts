/** How messages name jails: `jail "www"`, `jails "a" and "b"`, `jails "a", "b", "c" and 4 more`. */
export function describeJails(jails: readonly string[]): string {
  const q = jails.map((j) => `"${j}"`);
  if (q.length === 1) return `jail ${q[0]}`;
  if (q.length > 4) return `jails ${q.slice(0, 3).join(", ")} and ${q.length - 3} more`;
  return `jails ${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
}
