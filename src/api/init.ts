import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors/trevco-error.js';

/**
 * `trevco init NAME`: a new dbt project folder (dbt_project.yml, an example model with tests, empty seeds, macros
 * and tests folders). No profile is written: the project runs on the embedded database until a profiles.yml is added.
 */
export function init(name: string, parent = process.cwd()): { readonly root: string; readonly files: readonly string[] } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError(`'${name}' is not a valid project name`, { hint: 'letters, digits and underscores, not starting with a digit' });
  const root = path.resolve(parent, name);
  if (existsSync(root)) throw new ConfigError(`${root} already exists`, { hint: 'choose another name, or run trevco in that folder' });
  const files: Record<string, string> = {
    'dbt_project.yml': `name: '${name}'\nversion: '1.0.0'\nconfig-version: 2\nprofile: '${name}'\n\nmodel-paths: ["models"]\nseed-paths: ["seeds"]\ntest-paths: ["tests"]\nmacro-paths: ["macros"]\nsnapshot-paths: ["snapshots"]\nanalysis-paths: ["analyses"]\n\nclean-targets: ["target", "dbt_packages"]\n\nmodels:\n  ${name}:\n    example:\n      +materialized: view\n`,
    'models/example/my_first_model.sql': "{{ config(materialized='table') }}\n\nselect 1 as id\nunion all\nselect 2 as id\n",
    'models/example/my_second_model.sql': "select * from {{ ref('my_first_model') }} where id = 1\n",
    'models/example/schema.yml': 'version: 2\n\nmodels:\n  - name: my_first_model\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n  - name: my_second_model\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
    'seeds/.gitkeep': '',
    'macros/.gitkeep': '',
    'tests/.gitkeep': '',
    '.gitignore': 'target/\ndbt_packages/\n.trevco/\n',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return { root, files: Object.keys(files) };
}
