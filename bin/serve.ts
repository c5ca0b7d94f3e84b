import { serve as serveHttp } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, ensureInitialAdmin } from '../api/app.ts';
import { createLogger } from '../config/logger.ts';
import type { Command } from './cli.ts';
import { configHelp, configOptions, loadConfigOrExplain, parseCommandArgs } from './config-args.ts';
import { createRuntimeOrExplain, type Runtime } from './runtime.ts';
import { onShutdown } from './shutdown.ts';

const help = `Usage: vigie serve [options]

Starts Vigie: the API and dashboard, the scheduler, and (embedded default) the crawl jobs in this
process; with the default configuration also the bundled demo sites on 127.0.0.1.

Options:
${configHelp}
  -h, --help          show this help`;

/** Starts scheduling (and, on the inline queue, processing) and the first crawls. */
export async function startScheduling(runtime: Runtime): Promise<void> {
  const { queue, sources, pipeline, config } = runtime;
  if (queue.kind === 'inline') await queue.process(pipeline.handler);
  await queue.schedule(sources);
  if (config.crawlOnStart) for (const source of sources) await queue.enqueueCrawl(source.id, 'start');
}

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('serve', args, configOptions);
  if (!parsed) return 2;
  const config = loadConfigOrExplain(parsed.values.config);
  if (!config) return 2;
  const logger = createLogger(config.logLevel);

  const runtime = await createRuntimeOrExplain(config, logger);
  if (!runtime) return 2;
  await ensureInitialAdmin(runtime.store, logger);
  const app = createApp({
    store: runtime.store,
    queue: runtime.queue,
    sources: runtime.sources,
    config,
    logger,
    evidence: runtime.evidence,
  });
  const server = serveHttp({ fetch: app.fetch, hostname: config.http.host, port: config.http.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ url: `http://${config.http.host}:${port}` }, 'dashboard and API listening');
  console.log(`Vigie is running: http://${config.http.host}:${port}  (Ctrl-C to stop)`);
  await startScheduling(runtime);

  await onShutdown(logger, async () => {
    server.close();
    await runtime.close();
  });
  return 0;
}

export const command: Command = {
  summary: 'run the API, dashboard and scheduler (what `npm start` runs)',
  help,
  run,
};
