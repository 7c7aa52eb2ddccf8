/**
 * bench:compile — load + compile + graph wall time and peak RSS for generated projects of 1,000, 5,000 and
 * 10,000 models (a layered DAG; each model refers to 1-3 earlier ones, calls a macro and has a config block).
 * Each size runs in a fresh child process, so its RSS is its own. Not a test: it prints a table.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, mebibytes } from './lib/report.js';

const SIZES = (process.argv.find((arg) => arg.startsWith('--sizes='))?.slice(8) ?? '1000,5000,10000').split(',').map(Number);

/** Deterministic pseudo-random numbers, so every run measures the same project. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

export function generateProject(models: number): string {
  const root = mkdtempSync(join(tmpdir(), `trevco-bench-compile-${models}-`));
  const next = random(models);
  mkdirSync(join(root, 'macros'));
  writeFileSync(join(root, 'project.yml'), 'name: bench\nmodels:\n  +materialized: view\n');
  writeFileSync(join(root, 'macros', 'cents.sql'), '{% macro cents(column) -%}\n  round({{ column }} * 100)::bigint\n{%- endmacro %}\n');
  const layerSize = 100;
  for (let i = 0; i < models; i++) {
    const layer = Math.floor(i / layerSize);
    const folder = join(root, 'models', `layer_${String(layer).padStart(3, '0')}`);
    mkdirSync(folder, { recursive: true });
    const refs: number[] = [];
    if (layer > 0) {
      const count = 1 + Math.floor(next() * 3);
      for (let r = 0; r < count; r++) refs.push(Math.floor(next() * layer * layerSize));
    }
    const from = refs.length === 0
      ? 'from (select generate_series(1, 10) as id, 1.5 as amount) src'
      : [`from {{ ref('m${refs[0]}') }} t0`, ...refs.slice(1).map((ref, k) => `join {{ ref('m${ref}') }} t${k + 1} using (id)`)].join('\n');
    writeFileSync(join(folder, `m${i}.sql`), [
      `{{ config(materialized='${i % 10 === 0 ? 'table' : 'view'}', tags=['layer_${layer}']) }}`,
      'select',
      '  t0.id,',
      `  {{ cents('t0.amount') }} as amount_cents,`,
      '  t0.amount',
      from.replace('src', 't0'),
      '',
    ].join('\n'));
  }
  return root;
}

function measureInChild(root: string): { seconds: number; maxRssKb: number; models: number } {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', root], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { seconds: number; maxRssKb: number; models: number };
}

async function child(root: string): Promise<void> {
  const started = performance.now();
  const { loadProject } = await import('../dist/project/load-project.js');
  const { compileProject } = await import('../dist/compiler/compile-project.js');
  const { FileTemplateCache } = await import('../dist/compiler/template-code-cache.js');
  const project = loadProject(root);
  const templateCache = new FileTemplateCache(join(root, 'target', 'partial_parse.json'), 'bench');
  const compiled = compileProject(project, { target: { name: 'dev', type: 'pglite', path: join(root, '.trevco'), schema: 'public', threads: 1 }, templateCache });
  templateCache.save();
  const seconds = (performance.now() - started) / 1000;
  const models = [...compiled.nodes.values()].filter((node) => node.resourceType === 'model').length;
  if (compiled.graph.size !== models) throw new Error('graph size mismatch');
  process.stdout.write(`${JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, models })}\n`);
}

async function main(): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const size of SIZES) {
    const root = generateProject(size);
    try {
      // The first run is cold (nothing cached); the next ones find target/partial_parse.json, as a user's later runs do.
      const cold = measureInChild(root);
      const warm = [measureInChild(root), measureInChild(root), measureInChild(root)];
      const best = warm.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
      rows.push([size.toLocaleString('en-US'), best.models, cold.seconds.toFixed(2), best.seconds.toFixed(2), warm.map((run) => run.seconds.toFixed(2)).join(' / '), mebibytes(Math.max(cold.maxRssKb, best.maxRssKb))]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  process.stdout.write(`\nbench:compile — load + compile + graph, fresh process each (Node ${process.version}, ${process.platform})\n\n`);
  process.stdout.write(`${markdownTable(['models', 'compiled', 'cold s', 'warm s (best)', 'warm runs s', 'peak RSS MiB'], rows)}\n`);
  process.stdout.write('\nGoal: 10,000 models under 2 s.\n');
}

// --child ROOT measures one project; --generate N writes one and prints its path (for profiling by hand).
if (process.argv[2] === '--child') await child(process.argv[3]!);
else if (process.argv[2] === '--generate') process.stdout.write(`${generateProject(Number(process.argv[3]))}\n`);
else await main();
