import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `trevco` command (npm test builds dist/ first), spawned as a user would run it. */
export const TREVCO_BIN = fileURLToPath(new URL('../../bin/trevco.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `trevco ARGS` in `cwd` and waits for it. */
export function runTrevco(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [TREVCO_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 180_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A running `trevco ARGS` with its output collected as it comes. */
export interface RunningTrevco {
  readonly child: ChildProcessWithoutNullStreams;
  output(): { stdout: string; stderr: string };
  /** Resolves when the process exits, with its code and all output. */
  readonly exited: Promise<CliResult>;
  /** Resolves once stdout+stderr match `pattern` (rejects after `timeoutMs` or if the process exits first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function startTrevco(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunningTrevco {
  const child = spawn(process.execPath, [TREVCO_BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let done = false;
  const exited = new Promise<CliResult>((resolve) => child.once('close', (code) => {
    done = true;
    resolve({ code, stdout, stderr });
  }));
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    waitFor: async (pattern, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = (stdout + stderr).match(pattern);
        if (match) return match;
        if (done) throw new Error(`trevco ${args.join(' ')} exited before printing ${pattern}:\n${stdout}\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`trevco ${args.join(' ')} did not print ${pattern} in ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
