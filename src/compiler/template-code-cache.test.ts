import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PgliteTarget } from '../config/project-config.js';
import { loadProject } from '../project/load-project.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import { compileProject } from './compile-project.js';
import type { CompiledModel } from './compiled-project.js';
import { FileTemplateCache } from './template-code-cache.js';

const TARGET: PgliteTarget = { name: 'dev', type: 'pglite', path: '/tmp/unused', schema: 'public', threads: 1 };
let project: TempProject | undefined;
afterEach(() => project?.remove());

function compileWithCache(root: string) {
  const cache = new FileTemplateCache(join(root, 'target', 'partial_parse.json'), 'test');
  const compiled = compileProject(loadProject(root), { target: TARGET, templateCache: cache });
  cache.save();
  const sql = (name: string) => (compiled.nodes.get(`model.shop.${name}`) as CompiledModel).compiledSql;
  return { sql };
}

describe('FileTemplateCache (partial parsing)', () => {
  it('gives the same SQL from the cache, and never stale SQL for a changed model', () => {
    project = writeProject({
      'project.yml': 'name: shop\n',
      'macros/m.sql': '{% macro twice(x) %}{{ x }} * 2{% endmacro %}',
      'models/a.sql': 'select {{ twice(1) }} as v',
      'models/b.sql': "select v from {{ ref('a') }}",
    });
    const first = compileWithCache(project.root);
    expect(existsSync(join(project.root, 'target', 'partial_parse.json'))).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(join(project.root, 'target', 'partial_parse.json'), 'utf8')).entries)).toHaveLength(3); // two models and the macro file
    const second = compileWithCache(project.root);
    expect(second.sql('a')).toBe(first.sql('a'));
    expect(second.sql('b')).toBe('select v from "public"."a"');

    project.write({ 'models/a.sql': 'select {{ twice(21) }} as v' });
    const third = compileWithCache(project.root);
    expect(third.sql('a')).toBe('select 21 * 2 as v');
    expect(third.sql('b')).toBe('select v from "public"."a"');
  });

  it('ignores a cache written for another environment', () => {
    project = writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as v' });
    compileWithCache(project.root);
    const other = new FileTemplateCache(join(project.root, 'target', 'partial_parse.json'), 'another-nunjucks');
    expect(other.get('select 1 as v')).toBeUndefined();
    expect(new FileTemplateCache(join(project.root, 'target', 'partial_parse.json'), 'test').get('select 1 as v')).toContain('function root');
  });
});
