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
});
