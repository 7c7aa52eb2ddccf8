import { afterEach, describe, expect, it } from 'vitest';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import { loadProject } from './load-project.js';

let project: TempProject | undefined;
afterEach(() => project?.remove());

describe('installed packages', () => {
  it("puts a package's models, seeds and macros in the project, with its config layered under the root's", () => {
    project = writeProject({
      'dbt_project.yml': [
        'name: shop',
        'profile: shop',
        'vars:',
        '  kit:',
        '    kit_enabled: true',
        'models:',
        '  +tags: [everywhere]',
        '  kit:',
        '    staging:',
        '      +schema: kit_staging',
        '',
      ].join('\n'),
      'models/own.sql': 'select 1',
      'dbt_packages/kit/dbt_project.yml': "name: kit\nvars:\n  kit_enabled: false\n  kit_days: 7\nmodels:\n  kit:\n    +materialized: table\n    +enabled: \"{{ var('kit_enabled') }}\"\n    staging:\n      +schema: staging\n",
      'dbt_packages/kit/models/staging/kit_model.sql': 'select 1',
      'dbt_packages/kit/seeds/kit_seed.csv': 'a\n1\n',
      'dbt_packages/kit/macros/kit.sql': '{% macro kit_macro() %}1{% endmacro %}',
    });
    const loaded = loadProject(project.root, { env: {}, home: project.root });
    const model = loaded.models.find((file) => file.name === 'kit_model')!;
    expect(model).toMatchObject({ id: 'model.kit.kit_model', path: 'dbt_packages/kit/models/staging/kit_model.sql', packageName: 'kit' });
    // The package's own folder config, then the root's top level, then the root's `kit:` subtree.
    expect(model.config).toEqual({ materialized: 'table', enabled: true, schema: 'kit_staging', tags: ['everywhere'] });
    expect(loaded.seeds.map((seed) => seed.id)).toEqual(['seed.kit.kit_seed']);
    expect(loaded.macros.map((macro) => [macro.path, macro.packageName])).toEqual([['dbt_packages/kit/macros/kit.sql', 'kit']]);
    // A package's vars are defaults; the root's scoped vars for it win.
    expect(loaded.config.vars).toMatchObject({ kit_enabled: true, kit_days: 7 });
    expect(loaded.packages).toEqual([{ name: 'kit', folder: 'dbt_packages/kit' }]);
  });
});
