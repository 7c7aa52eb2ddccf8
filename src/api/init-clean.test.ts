import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../project/load-project.js';
import { clean } from './clean.js';
import { init } from './init.js';

describe('trevco init and clean', () => {
  it('init writes a dbt project that loads with no profile, and clean removes its clean-targets only', () => {
    const parent = mkdtempSync(join(tmpdir(), 'trevco-init-'));
    try {
      const { root } = init('my_shop', parent);
      const project = loadProject(root, { env: {}, home: parent });
      expect(project.config.name).toBe('my_shop');
      expect(project.models.map((model) => model.id)).toEqual(['model.my_shop.my_first_model', 'model.my_shop.my_second_model']);
      expect(project.config.notes).toEqual(['no profiles.yml found: running on the embedded database in .trevco/dev (target dev)']);
      expect(() => init('my_shop', parent)).toThrow(/already exists/);
      for (const folder of ['target/compiled', 'dbt_packages/x', '.trevco/dev']) mkdirSync(join(root, folder), { recursive: true });
      writeFileSync(join(root, 'target', 'manifest.json'), '{}');
      expect(clean({ projectDir: root, env: {} }).removed).toEqual(['target', 'dbt_packages']);
      expect([existsSync(join(root, 'target')), existsSync(join(root, 'dbt_packages')), existsSync(join(root, '.trevco', 'dev'))]).toEqual([false, false, true]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
