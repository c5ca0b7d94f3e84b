import { createLogger } from '../config/logger.ts';
import type { Command } from './cli.ts';
import { configHelp, configOptions, loadConfigOrExplain, parseCommandArgs } from './config-args.ts';
import { createRuntimeOrExplain } from './runtime.ts';
import { onShutdown } from './shutdown.ts';

const help = `Usage: vigie worker [options]   (npm run worker)

Processes crawl jobs from the BullMQ queue on Redis (set REDIS_URL or queue.kind: bullmq). Start as
many as you like, on as many machines: a source never runs twice at once. \`vigie serve\` installs
the schedules. Ctrl-C / SIGTERM lets the running job finish, then exits.

Options:
${configHelp}
  -h, --help          show this help`;

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('worker', args, configOptions);
  if (!parsed) return 2;
  const config = loadConfigOrExplain(parsed.values.config);
  if (!config) return 2;
  if (config.queue.kind !== 'bullmq') {
    console.error(
      'vigie worker: needs the BullMQ queue (set REDIS_URL=redis://host:6379 or queue.kind: bullmq); ' +
        'on the embedded default, `vigie serve` runs the jobs itself.',
    );
    return 2;
  }
  const logger = createLogger(config.logLevel);
  const runtime = await createRuntimeOrExplain(config, logger);
  if (!runtime) return 2;
  await runtime.queue.process(runtime.pipeline.handler);
  logger.info({ concurrency: config.queue.concurrency }, 'worker processing crawl jobs');
  await onShutdown(logger, runtime.close);
  return 0;
}

export const command: Command = { summary: 'process crawl jobs from Redis (distributed mode)', help, run };
