import type { Command } from 'commander';
import { parseNonNegativeInteger, toCommandOptions, withLockOption, withProjectOptions, type CliFlags } from './shared-options.js';
import { Reporter } from './reporter.js';

export function registerServe(program: Command): void {
  withLockOption(withProjectOptions(program.command('serve').description('serve the embedded database over the PostgreSQL protocol on 127.0.0.1 (for psql, BI tools and other trevco commands)')))
    .option('--port <port>', 'port to listen on (0 picks a free one)', parseNonNegativeInteger, 5433)
    .action(async (flags: CliFlags & { port: number }) => {
      const reporter = new Reporter(flags.logFormat);
      const { serve } = await import('../api/serve.js');
      const server = await serve({ ...toCommandOptions(flags, reporter), port: flags.port });
      const text = [
        `Serving ${server.dataDir} (target '${server.target}') over the PostgreSQL protocol at`,
        '',
        `  ${server.url}`,
        '',
        `Try: psql ${server.url}`,
        'Other trevco commands on this project now run through this server. Press Ctrl-C to stop.',
      ].join('\n');
      reporter.info(text, { event: 'serving', url: server.url, port: server.port });
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        const stop = (received: NodeJS.Signals): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(received);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stderr.write(`${signal === 'SIGINT' ? '\n' : ''}Stopping: closing client connections and the database…\n`);
      await server.stop();
      reporter.info(`Stopped; ${server.dataDir} is closed.`, { event: 'stopped' });
    });
}
