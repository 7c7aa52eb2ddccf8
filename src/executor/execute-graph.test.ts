import { describe, expect, it } from 'vitest';
import { buildGraph } from '../graph/build-graph.js';
import { graphNode } from '../testing/graph-fixture.js';
import { executeGraph } from './execute-graph.js';

describe('executeGraph', () => {
  it('reports nodes held back by a cycle of extra waits as errors instead of dropping them', async () => {
    const a = graphNode('model', 'a');
    const b = graphNode('model', 'b', { dependsOn: [a.id] });
    const c = graphNode('model', 'c', { dependsOn: [b.id] });
    const graph = buildGraph([a, b, c]);
    const now = new Date().toISOString();
    const results = await executeGraph({
      graph,
      selected: [a.id, b.id, c.id],
      threads: 1,
      runNode: async (nodeId) => ({ nodeId, status: 'success', message: 'ok', startedAt: now, completedAt: now, executionTime: 0 }),
      extraDependencies: new Map([[b.id, [c.id]]]), // b waits for c, which waits for b
    });
    expect(results.map((result) => [result.nodeId, result.status])).toEqual([
      [a.id, 'success'],
      [b.id, 'error'],
      [c.id, 'error'],
    ]);
    expect(results[1]!.message).toMatch(/cycle of waits/);
  });

  it('with failFast, starts nothing after the first failure and skips the rest; without it, independent nodes go on', async () => {
    const a = graphNode('model', 'a');
    const b = graphNode('model', 'b');
    const c = graphNode('model', 'c');
    const graph = buildGraph([a, b, c]);
    const now = new Date().toISOString();
    const runNode = async (nodeId: string) => ({ nodeId, status: nodeId === a.id ? 'error' as const : 'success' as const, message: 'x', startedAt: now, completedAt: now, executionTime: 0 });
    const fast = await executeGraph({ graph, selected: [a.id, b.id, c.id], threads: 1, runNode, failFast: true });
    expect(fast.map((result) => [result.nodeId, result.status])).toEqual([[a.id, 'error'], [b.id, 'skipped'], [c.id, 'skipped']]);
    expect(fast[1]!.message).toBe(`skipped: the run stopped before this node: --fail-fast after ${a.id} did not succeed`);
    const slow = await executeGraph({ graph, selected: [a.id, b.id, c.id], threads: 1, runNode });
    expect(slow.map((result) => result.status)).toEqual(['error', 'success', 'success']);
  });
});
