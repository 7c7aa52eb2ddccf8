import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { redactSecretsInLine, redactUrl } from '../config/redact-url.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';

/**
 * A corpus of broken project files and URLs that each hold a password. Every command that reads the project runs
 * on each, in text and JSON output, and neither the output nor any file trevco wrote may contain the password.
 */
const BIN = fileURLToPath(new URL('../../bin/trevco.js', import.meta.url));
const SECRET = 'Hunter2xyzSECRET';
// Port 1 on localhost refuses at once: commands that connect fail fast without a server.
const HOST = '127.0.0.1:1';

const CORPUS: Record<string, string> = {
  'unterminated quote on the url line': `name: p\ntargets:\n  prod:\n    type: postgres\n    url: "postgres://app:${SECRET}@${HOST}/db\n`,
  'mapping error on the url line': `name: p\ntargets:\n  prod:\n    type: postgres\n    url: postgres://app:${SECRET}@${HOST}/db: x\n`,
  'tab indentation on the password line': `name: p\ntargets:\n  prod:\n    type: postgres\n\tpassword: ${SECRET}\n`,
  'duplicate password key': `name: p\ntargets:\n  prod:\n    type: postgres\n    user: app\n    password: ${SECRET}\n    password: ${SECRET}\n    database: db\n`,
  'unknown key holding the password': `name: p\ntargets:\n  prod:\n    type: postgres\n    url: postgres://app@${HOST}/db\n    passwd: ${SECRET}\n`,
  'url without a scheme': `name: p\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: app:${SECRET}@${HOST}/db\n`,
  'url missing its @': `name: p\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: postgres://app:${SECRET}/db\n`,
  'url missing the colon of the scheme': `name: p\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: postgres//app:${SECRET}@${HOST}/db\n`,
  'password as a query parameter': `name: p\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: postgres://${HOST}/db?user=app&password=${SECRET}\n`,
  'url and parts together': `name: p\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: postgres://app:${SECRET}@${HOST}/db\n    password: ${SECRET}\n`,
  'valid url, server refusing': `name: p\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: postgres://app:${SECRET}@${HOST}/db\n`,
  'url from env_var, malformed': `name: p\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: "{{ env_var('CORPUS_URL') }}"\n`,
  'bad threads next to a url': `name: p\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: postgres://app:${SECRET}@${HOST}/db\n    threads: many\n`,
  'a properties file that does not parse, holding a password': `name: p\n---models/schema.yml\nsources:\n  - name: ext\n    meta: { dsn: "postgres://app:${SECRET}@${HOST}/db" \n    tables: [{ name: t }]\n`,
  'a properties file with a misspelt key next to a token': `name: p\n---models/schema.yml\nversion: 2\nmodels:\n  - name: a\n    api_token: ${SECRET}\n    descripton: x\n`,
  'flow mapping broken on the url line': `name: p\ntargets: { prod: { type: postgres, url: "postgres://app:${SECRET}@${HOST}/db" }\n`,
};

/** debug shows the target; the others fail at load or at connect the same way (one shared path), in both formats. */
const COMMANDS: [string, string][] = [['debug', 'text'], ['debug', 'json'], ['compile', 'text'], ['run', 'json'], ['build', 'text']];

const projects: TempProject[] = [];
afterAll(() => projects.forEach((project) => project.remove()));

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no password in any output or artifact', () => {
  it.each(Object.entries(CORPUS))('%s', (_, yml) => {
    // `---path` after project.yml's text starts another file of the project.
    const [projectYml, ...others] = yml.split('\n---');
    const files = Object.fromEntries(others.map((part) => [part.slice(0, part.indexOf('\n')), part.slice(part.indexOf('\n') + 1)]));
    const project = writeProject({ 'project.yml': projectYml!.endsWith('\n') ? projectYml! : `${projectYml}\n`, 'models/a.sql': 'select 1 as id', ...files });
    projects.push(project);
    for (const [command, format] of COMMANDS) {
      {
        const result = spawnSync(process.execPath, [BIN, command, '--log-format', format], {
          cwd: project.root,
          encoding: 'utf8',
          env: { ...process.env, CORPUS_URL: `postgres://app:${SECRET}/db`, NO_COLOR: '1' },
          timeout: 60_000,
        });
        const output = `${result.stdout}\n${result.stderr}`;
        expect(output, `${command} --log-format ${format}`).not.toContain(SECRET);
        // Something was said: a command that crashed silently would pass the grep too.
        expect(output.trim().length, `${command} printed nothing`).toBeGreaterThan(0);
      }
    }
    for (const file of filesUnder(project.root)) {
      if (file.endsWith('project.yml') || file.endsWith('schema.yml')) continue;
      expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
    }
  });
});

describe('redactUrl on malformed URLs', () => {
  it.each([
    [`postgres://app:${SECRET}/db`, 'postgres://app:****/db'],
    [`postgres://app:${SECRET}`, 'postgres://app:****'],
    [`app:${SECRET}@h/db`, 'app:****@h/db'],
    [`postgres//app:${SECRET}@h/db`, 'postgres//app:****@h/db'],
    ['postgres://h:5432/db', 'postgres://h:5432/db'],
    ['postgres://[::1]:5432/db', 'postgres://[::1]:5432/db'],
    ['postgres://h1:5432,h2:5433/db', 'postgres://h1:5432,h2:5433/db'],
    [`host=h password=${SECRET};x`, 'host=h password=****;x'],
  ])('%s → %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });
});

describe('redactSecretsInLine', () => {
  it('masks password-like keys, URLs and password= parameters, and moves columns onto the masked text', () => {
    expect(redactSecretsInLine(`    password: ${SECRET}`).text).toBe('    password: ****');
    expect(redactSecretsInLine(`  - db_token: "${SECRET}"`).text).toBe('  - db_token: ****');
    const line = `    url: "postgres://app:${SECRET}@h/db" x`;
    const masked = redactSecretsInLine(line);
    expect(masked.text).toBe('    url: "postgres://app:****@h/db" x');
    // The caret under the x moves left by the length the mask saved.
    expect(masked.text[masked.column(line.indexOf(' x') + 2) - 1]).toBe('x');
    expect(redactSecretsInLine('dsn: host=h password=pw user=u').text).toBe('dsn: host=h password=**** user=u');
    expect(redactSecretsInLine('name: shop').text).toBe('name: shop');
  });
});

