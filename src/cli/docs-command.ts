import type { Command } from 'commander';
import { Reporter } from './reporter.js';
import { parseNonNegativeInteger, toCommandOptions, withLockOption, withProjectOptions, type CliFlags } from './shared-options.js';

export function registerDocs(program: Command): void {
  const docs = program.command('docs').description('generate and serve the project documentation site with its lineage graph');
  withLockOption(withProjectOptions(docs.command('generate').description('write target/catalog.json and the offline site target/docs/index.html (reads the database)')))
    .action(async (flags: CliFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { generateDocs } = await import('../api/docs.js');
      const result = await generateDocs(toCommandOptions(flags, reporter));
      reporter.info(`Catalog: ${result.relations} relations read from the database${result.notBuilt > 0 ? ` (${result.notBuilt} not built yet)` : ''} -> ${result.catalogPath}`, { catalog: result.catalogPath });
      reporter.info(`Site: ${result.nodes} nodes -> ${result.sitePath}`, { site: result.sitePath });
      reporter.info("Open it in a browser, or run 'trevco docs serve'.");
    });
  withProjectOptions(docs.command('serve').description('serve target/docs on http://127.0.0.1:PORT'))
    .option('--port <port>', 'port to listen on (0 picks a free one)', parseNonNegativeInteger, 8080)
    .action(async (flags: CliFlags & { port: number }) => {
      const reporter = new Reporter(flags.logFormat);
      const { serveDocs } = await import('../api/docs.js');
      const server = await serveDocs({ ...toCommandOptions(flags, reporter), port: flags.port });
      reporter.info(`Serving the docs at ${server.url}. Press Ctrl-C to stop.`, { url: server.url });
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.stop();
    });
}
