import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImportCycles, importGraph } from './import-graph.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

describe('imports under src/', () => {
  it('form no cycle, counting `import type` too (a type cycle is a layering cycle all the same)', () => {
    const cycles = findImportCycles(importGraph(SRC)).map((cycle) => cycle.join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('the graph sees type-only imports only when asked', () => {
    const all = importGraph(SRC);
    const runtime = importGraph(SRC, { runtimeOnly: true });
    expect(all.get('materializations/plan.ts')).toContain('compiler/compiled-hook.ts');
    expect(runtime.get('materializations/plan.ts')).not.toContain('compiler/compiled-hook.ts');
    expect(runtime.get('executor/run-model.ts')).toContain('materializations/index.ts');
  });

  it('the check finds a cycle, and names it as a path', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts', 'd.ts']], ['d.ts', []], ['e.ts', ['e.ts']]]);
    expect(findImportCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts'], ['e.ts', 'e.ts']]);
  });
});
