/**
 * The differential suite: every template of src/compiler/jinja-corpus/*.yaml is rendered by trevco and by Python's
 * jinja2 (set up as dbt sets it up, one python3 process for the whole corpus). Each case must render the same text,
 * or both must fail, or trevco must refuse with error[TEMPLATE] where the corpus records that refusal. Anything
 * else — above all a different text — fails the suite.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TrevcoError } from '../../errors/trevco-error.js';
import { TemplateEngine } from '../template-engine.js';
import { commonScope } from '../template-scope.js';

interface CorpusCase {
  readonly name: string;
  readonly template: string;
  readonly context?: Record<string, unknown>;
  readonly macros?: string;
  /** trevco refuses this on purpose: its error message contains this text. */
  readonly refuse?: string;
  readonly file: string;
}

type Reference = { readonly output: string } | { readonly error: string };

const corpusDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'jinja-corpus');

function loadCorpus(): CorpusCase[] {
  return readdirSync(corpusDir).filter((file) => file.endsWith('.yaml')).sort().flatMap((file) =>
    (parse(readFileSync(join(corpusDir, file), 'utf8')) as Omit<CorpusCase, 'file'>[]).map((entry) => ({ ...entry, file })));
}

function renderWithJinja2(cases: readonly CorpusCase[]): Reference[] {
  const input = JSON.stringify(cases.map(({ name, template, context, macros }) => ({ name, template, context, macros })));
  const result = spawnSync('python3', [join(corpusDir, 'render_with_jinja2.py')], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(`python3 with jinja2 and PyYAML is needed for the differential suite (Debian: apt-get install python3-jinja2 python3-yaml): ${result.error?.message ?? result.stderr}`);
  }
  return JSON.parse(result.stdout) as Reference[];
}

const run = { target: { name: 'dev', type: 'pglite', schema: 'public', threads: 1 }, vars: { limit: 5 }, env: {}, runStartedAt: '2024-01-02T03:04:05.678Z', runDate: '2024-01-02' } as const;

function renderWithTrevco(entry: CorpusCase, shared: TemplateEngine): { output: string } | { error: unknown } {
  try {
    const engine = entry.macros ? new TemplateEngine([{ path: 'macros/corpus.sql', source: entry.macros }]) : shared;
    // As in dbt, macros see the node's context: the case's values are globals for its macros.
    if (entry.macros) engine.addGlobals(entry.context ?? {});
    const parsed = engine.parse(`corpus/${entry.name}.sql`, entry.template);
    return { output: engine.render(parsed, commonScope(run as never, entry.name), { ...(entry.context ?? {}) }) };
  } catch (error) {
    return { error };
  }
}

const corpus = loadCorpus();
const references = renderWithJinja2(corpus);
const shared = new TemplateEngine();

describe('templates render as jinja2 renders them (differential corpus)', () => {
  it('has a few hundred cases', () => {
    expect(corpus.length).toBeGreaterThan(250);
    expect(new Set(corpus.map((entry) => entry.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((entry, index) => [`${entry.file}: ${entry.name}`, entry, index] as const))('%s', (_label, entry, index) => {
    const reference = references[index]!;
    const ours = renderWithTrevco(entry, shared);
    if ('output' in ours) {
      expect(entry.refuse, `trevco rendered a case recorded as refused (${entry.refuse})`).toBeUndefined();
      expect('error' in reference ? `jinja2 failed: ${reference.error}` : reference.output).toBe(ours.output);
      return;
    }
    const error = ours.error;
    expect(error, `trevco threw a non-trevco error: ${String(error)}`).toBeInstanceOf(TrevcoError);
    const trevcoError = error as TrevcoError;
    expect(trevcoError.file).toBeTruthy();
    expect(trevcoError.line).toBeGreaterThan(0);
    if ('error' in reference) return; // both stop: fine
    expect(entry.refuse, `jinja2 rendered ${JSON.stringify(reference.output)} but trevco failed: ${trevcoError.message}`).toBeDefined();
    expect(trevcoError.code).toBe('TEMPLATE');
    expect(trevcoError.message).toContain(entry.refuse);
  });
});
