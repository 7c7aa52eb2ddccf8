import { describe, expect, it } from 'vitest';
import { buildGraph } from '../graph/build-graph.js';
import { graphNode } from '../testing/graph-fixture.js';
import { executeGraph } from './execute-graph.js';
import type { NodeResult } from './node-result.js';

describe('executeGraph stopsRun', () => {
  it('starts nothing after a result that ends the run; running nodes finish, the rest are skipped with the reason', async () => {
    const a = graphNode('model', 'a');
    const b = graphNode('model', 'b');
    const c = graphNode('model', 'c', { dependsOn: [a.id] });
    const d = graphNode('model', 'd');
    const graph = buildGraph([a, b, c, d]);
    const now = new Date().toISOString();
    const started: string[] = [];
    let releaseB!: () => void;
    const bMayFinish = new Promise<void>((resolve) => (releaseB = resolve));
    const results = await executeGraph({
      graph,
      selected: [a.id, b.id, c.id, d.id],
      threads: 2,
      runNode: async (nodeId): Promise<NodeResult> => {
        started.push(nodeId);
        // b is still running when a fails: it must be allowed to finish.
        if (nodeId === b.id) await bMayFinish;
        const status = nodeId === a.id ? 'error' : 'success';
        if (nodeId === a.id) setImmediate(releaseB);
        return { nodeId, status, message: status, startedAt: now, completedAt: now, executionTime: 0 };
      },
      stopsRun: (result) => (result.status === 'error' ? `${result.nodeId} lost the connection` : undefined),
    });
    expect(started).toEqual([a.id, b.id]);
    expect(results.map((result) => [result.nodeId, result.status, result.message])).toEqual([
      [a.id, 'error', 'error'],
      [b.id, 'success', 'success'],
      [c.id, 'skipped', `skipped: upstream ${a.id} did not succeed`],
      [d.id, 'skipped', `skipped: the run stopped before this node: ${a.id} lost the connection`],
    ]);
  });
});
