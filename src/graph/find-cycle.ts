/**
 * One cycle among `blocked` (the ids a topological sort could not place), as ids in the direction edges run
 * (each node is read by the next), starting and ending on the cycle's smallest id: `[a, b, c, a]`.
 *
 * Every blocked node has a blocked parent (otherwise the sort would have placed it), so walking from parent to
 * parent inside the blocked set must come back to a node already seen; the nodes from there on form a cycle.
 * Taking the smallest parent at each step makes the answer the same on every run.
 */
export function findCycle(blocked: readonly string[], parents: (id: string) => readonly string[]): string[] {
  const isBlocked = new Set(blocked);
  const start = [...isBlocked].sort()[0];
  if (start === undefined) return [];
  const walk: string[] = [];
  const seenAt = new Map<string, number>();
  let current = start;
  while (!seenAt.has(current)) {
    seenAt.set(current, walk.length);
    walk.push(current);
    const next = parents(current)
      .filter((parent) => isBlocked.has(parent))
      .sort()[0];
    if (next === undefined) throw new Error(`findCycle: '${current}' has no blocked parent, so it is not blocked`);
    current = next;
  }
  // The walk went against the edges; reverse it so each node is followed by the one that reads it.
  const cycle = walk.slice(seenAt.get(current)).reverse();
  const first = cycle.indexOf([...cycle].sort()[0]!);
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  return [...rotated, rotated[0]!];
}
