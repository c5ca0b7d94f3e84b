import { createLogger } from '../config/logger.ts';
import type { CrawlRun } from '../domain/index.ts';
import type { Command } from './cli.ts';
import { configHelp, configOptions, loadConfigOrExplain, parseCommandArgs } from './config-args.ts';
import { createProgressBar } from './progress.ts';
import { createRuntimeOrExplain } from './runtime.ts';

const help = `Usage: vigie crawl SOURCE_ID [options]

Crawls one source now, in this process, with a progress bar, and prints a summary of the run.
Listings, evidence and alerts go to the configured store. \`vigie crawl --list\` lists the sources.

Options:
${configHelp}
      --list          list the configured sources and exit
  -h, --help          show this help`;

/** The run summary printed after a crawl. */
export function formatRunSummary(run: CrawlRun): string {
  const s = run.stats;
  const errors = Object.entries(s.errors)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return [
    `Run ${run.id} of ${run.sourceId}: ${run.status}`,
    `  pages fetched     ${s.pagesFetched} (${s.notModified} not modified)`,
    `  listings          ${s.listingsNew} new, ${s.listingsChanged} changed, ${s.listingsUnchanged} unchanged, ${s.listingsRemoved} removed`,
    `  robots.txt skips  ${s.robotsSkipped}`,
    `  errors            ${errors || 'none'}`,
  ].join('\n');
}

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('crawl', args, { ...configOptions, list: { type: 'boolean' } });
  if (!parsed) return 2;
  const [sourceId] = parsed.positionals;
  if (!sourceId && !parsed.values.list) {
    console.error('vigie crawl: name the source to crawl (vigie crawl --list shows them)');
    return 2;
  }
  const config = loadConfigOrExplain(parsed.values.config);
  if (!config) return 2;
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const runtime = await createRuntimeOrExplain(config, logger);
  if (!runtime) return 2;
  try {
    if (parsed.values.list) {
      for (const s of runtime.sources)
        console.log(`${s.id.padEnd(24)} ${s.kind.padEnd(9)} ${s.fetch.mode.padEnd(8)} ${s.name}`);
      return 0;
    }
    if (!runtime.sources.some((s) => s.id === sourceId)) {
      console.error(
        `vigie crawl: unknown source "${sourceId}"; known: ${runtime.sources.map((s) => s.id).join(', ')}`,
      );
      return 2;
    }
    const bar = createProgressBar(sourceId!);
    try {
      const result = await runtime.pipeline.runSource(sourceId!, {
        reason: 'manual',
        onProgress: bar.update,
      });
      bar.done();
      console.log(formatRunSummary(result));
      return 0;
    } catch (err) {
      bar.done();
      const [latest] = await runtime.store.runs.listBySource(sourceId!, 1);
      if (latest) console.log(formatRunSummary(latest));
      console.error(`vigie crawl: ${(err as Error).message}`);
      return 1;
    }
  } finally {
    await runtime.close();
  }
}

export const command: Command = { summary: 'crawl one source now and print a summary', help, run };
