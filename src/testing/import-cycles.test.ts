import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImportCycles, importGraph } from './import-graph.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

describe('imports under src/', () => {
  it('form no cycle (runtime imports; `import type` is erased and cannot cycle)', () => {
    const cycles = findImportCycles(importGraph(SRC)).map((cycle) => cycle.join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('the check finds a cycle, and names it as a path', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts', 'd.ts']], ['d.ts', []], ['e.ts', ['e.ts']]]);
    expect(findImportCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts'], ['e.ts', 'e.ts']]);
  });
});
