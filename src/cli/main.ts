import { Command, CommanderError } from 'commander';
import { TREVCO_VERSION } from '../version.js';
import { registerBuild } from './build-command.js';
import { registerClean } from './clean-command.js';
import { registerDeps } from './deps-command.js';
import { registerInit } from './init-command.js';
import { registerParse } from './parse-command.js';
import { registerRunOperation } from './run-operation-command.js';
import { registerSource } from './source-command.js';
import { registerCompile } from './compile-command.js';
import { registerDebug } from './debug-command.js';
import { registerDocs } from './docs-command.js';
import { registerList } from './list-command.js';
import { registerRetry } from './retry-command.js';
import { registerRun } from './run-command.js';
import { registerSeed } from './seed-command.js';
import { registerServe } from './serve-command.js';
import { registerShow } from './show-command.js';
import { registerSnapshot } from './snapshot-command.js';
import { registerTest } from './test-command.js';
import { dbtFlagHint } from './dbt-flag-hints.js';
import { EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { Reporter } from './reporter.js';

/** The `trevco` command. Heavy modules (databases, the compiler) load inside each command, so --help is instant. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('trevco')
    .description('A dbt-style SQL transformation framework for PostgreSQL and embedded PGlite')
    .version(TREVCO_VERSION)
    .exitOverride()
    .showHelpAfterError('(run trevco --help for usage)')
    // A dbt user types dbt's flags: say what each is to trevco.
    .configureOutput({
      outputError: (text, write) => {
        const hint = dbtFlagHint(text);
        write(hint ? `${text.trimEnd()}\n${hint}\n` : text);
      },
    });
  registerSeed(program, setExitCode);
  registerRun(program, setExitCode);
  registerTest(program, setExitCode);
  registerSnapshot(program, setExitCode);
  registerBuild(program, setExitCode);
  registerRetry(program, setExitCode);
  registerCompile(program);
  registerList(program);
  registerDebug(program, setExitCode);
  registerDeps(program);
  registerClean(program);
  registerParse(program);
  registerInit(program);
  registerRunOperation(program);
  registerSource(program, setExitCode);
  registerShow(program);
  registerServe(program);
  registerDocs(program);
  // Every command and subcommand (`docs generate`) throws instead of exiting, so bad usage exits 2.
  const overrideExit = (command: Command): void => command.commands.forEach((child) => {
    child.exitOverride();
    overrideExit(child);
  });
  overrideExit(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end in a CommanderError too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const logFormat = argv.includes('json') && argv.some((arg) => arg.startsWith('--log-format')) ? 'json' : 'text';
    new Reporter(logFormat).error(error);
    return exitCodeFor(error);
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
