import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefaultClassifier } from '../classifier/index.ts';
import { loadSources } from '../config/sources.ts';
import type { Config } from '../config/schema.ts';
import { createFsEvidenceStore, runCrawl } from '../crawlers/index.ts';
import type { EvidenceStore } from '../crawlers/types.ts';
import { startDemoSites, type DemoSites } from '../demo/index.ts';
import { isAppError, type Classifier, type Logger, type Source } from '../domain/index.ts';
import { createCrawlPipeline, type CrawlPipeline } from '../jobs/crawl-job.ts';
import { createQueue } from '../jobs/index.ts';
import type { JobQueue } from '../jobs/types.ts';
import { openStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';

/** Everything a Vigie process needs, wired from the configuration: the only place adapters meet. */
export interface Runtime {
  config: Config;
  logger: Logger;
  store: Store;
  sources: Source[];
  classifier: Classifier;
  evidence: EvidenceStore;
  queue: JobQueue;
  pipeline: CrawlPipeline;
  /** The bundled demo sites, when they run in this process. */
  demo: DemoSites | null;
  close(): Promise<void>;
}

/** Builds the runtime; on failure, closes whatever was already opened and rethrows. */
export async function createRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closeOne of closers.reverse())
      await closeOne().catch((err) => logger.error({ err }, 'close failed'));
  };
  try {
    mkdirSync(config.dataDir, { recursive: true });
    let demo: DemoSites | null = null;
    if (config.demo.enabled) {
      const sites = await startDemoSites({ port: config.demo.port });
      closers.push(() => sites.close());
      demo = sites;
      logger.info({ demo: sites.urls }, 'demo sites started');
    }
    const vars = Object.fromEntries(
      Object.entries(demo?.urls ?? {}).map(([name, url]) => [`demo.${name}`, url]),
    );
    const sources = loadSources(config.sources, { vars, skipDemo: !config.demo.enabled });
    const store = await openStore(config.store, config.dataDir);
    closers.push(() => store.close());
    const classifier = loadDefaultClassifier(config.dataDir);
    const evidence = createFsEvidenceStore(join(config.dataDir, 'evidence'));
    // Ctrl-C should not hang: running crawls get 10 s to finish, then are aborted (and recorded).
    const queue = await createQueue(config.queue, { logger, closeTimeoutMs: 10_000, ...config.retry });
    closers.push(() => queue.close());
    const byId = new Map(sources.map((s) => [s.id, s]));
    const pipeline = createCrawlPipeline({
      store,
      classifier,
      runCrawl,
      crawlDeps: {
        evidence,
        cache: store.httpCache,
        userAgent: config.crawler.userAgent,
        chromiumPath: config.crawler.chromiumPath,
      },
      getSource: (id) => byId.get(id),
      thresholds: config.alerts,
      logger,
    });
    logger.info(
      {
        store: store.kind,
        queue: queue.kind,
        sources: sources.map((s) => s.id),
        classifier: classifier.version,
      },
      'runtime ready',
    );
    return { config, logger, store, sources, classifier, evidence, queue, pipeline, demo, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** createRuntime for the CLI: a configuration problem (e.g. a bad source file) is explained on stderr → null (exit 2). */
export async function createRuntimeOrExplain(config: Config, logger: Logger): Promise<Runtime | null> {
  try {
    return await createRuntime(config, logger);
  } catch (err) {
    if (!isAppError(err, 'config')) throw err;
    console.error(`vigie: ${err.message}`);
    return null;
  }
}
