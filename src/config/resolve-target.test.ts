import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ErrorList } from '../errors/trevco-error.js';
import { loadProjectConfig } from './load-project-config.js';
import { resolveTarget } from './resolve-target.js';

function projectWith(text: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trevco-config-'));
  fs.writeFileSync(path.join(root, 'project.yml'), text);
  return root;
}

const yaml = `name: shop
targets:
  dev:
    type: pglite
  prod:
    type: postgres
    url: "{{ env_var('DATABASE_URL') }}"
    schema: analytics
  staging:
    type: postgres
    host: "{{ env_var('PGHOST') }}"
    user: app
    password: "{{ env_var('PGPASSWORD') }}"
    database: shop
`;

describe('resolveTarget', () => {
  it('returns the default target, or the one named', () => {
    const config = loadProjectConfig(projectWith(yaml), { env: { DATABASE_URL: 'postgres://h/db' } });
    expect(resolveTarget(config).name).toBe('dev');
    expect(resolveTarget(config, 'prod')).toMatchObject({ type: 'postgres', url: 'postgres://h/db', threads: 4 });
  });

  it('returns the implicit PGlite target of a project without targets', () => {
    const root = projectWith('name: shop\n');
    expect(resolveTarget(loadProjectConfig(root, { env: {} }))).toEqual({
      name: 'dev',
      type: 'pglite',
      path: path.join(path.resolve(root), '.trevco', 'dev'),
      schema: 'public',
      threads: 1,
    });
  });

  it('lists the declared targets, with a did-you-mean hint, for an unknown name', () => {
    const config = loadProjectConfig(projectWith(yaml), { env: { DATABASE_URL: 'postgres://h/db' } });
    expect(() => resolveTarget(config, 'prd')).toThrow(ConfigError);
    try {
      resolveTarget(config, 'prd');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'CONFIG',
        file: 'project.yml',
        message: "target 'prd' is not declared in project.yml",
        hint: "did you mean 'prod'? (declared targets: dev, prod, staging)",
      });
    }
    expect(() => resolveTarget(config, 'qa')).toThrow(
      expect.objectContaining({ hint: 'declared targets: dev, prod, staging' }),
    );
  });

  it('loads a project whose other targets name missing variables, and reports them when such a target is chosen', () => {
    const config = loadProjectConfig(projectWith(yaml), { env: {} });
    expect([...config.targets.keys()]).toEqual(['dev']);
    expect(resolveTarget(config).name).toBe('dev');
    expect(() => resolveTarget(config, 'prod')).toThrow(
      expect.objectContaining({
        code: 'CONFIG',
        file: 'project.yml',
        line: 7,
        message: 'targets.prod.url uses environment variable DATABASE_URL, which is not set',
        hint: "set DATABASE_URL, or give a default: env_var('DATABASE_URL', '...')",
      }),
    );
    try {
      resolveTarget(config, 'staging');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ErrorList);
      expect((error as ErrorList).errors.map((e) => [e.line, e.message])).toEqual([
        [11, 'targets.staging.host uses environment variable PGHOST, which is not set'],
        [13, 'targets.staging.password uses environment variable PGPASSWORD, which is not set'],
      ]);
    }
  });

  it('still reports missing variables at load when the target has other problems too', () => {
    const broken = 'name: shop\ntargets:\n  prod:\n    type: postgres\n    url: "{{ env_var(\'DATABASE_URL\') }}"\n    threads: 0\n';
    try {
      loadProjectConfig(projectWith(broken), { env: {} });
      expect.unreachable();
    } catch (error) {
      expect((error as ErrorList).errors.map((e) => e.line)).toEqual([5, 6]);
    }
  });
});
