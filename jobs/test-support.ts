/** The crawl pipeline as the tests build it: real crawler, classifier and SQLite store in `dir`. */
import { join } from 'node:path';
import { createClassifier } from '../classifier/index.ts';
import { createFsEvidenceStore, runCrawl } from '../crawlers/index.ts';
import { silentLogger, type Source } from '../domain/index.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { createCrawlPipeline, type CrawlPipeline } from './crawl-job.ts';

/** Opens `dir/vigie.db` and wires the pipeline to it (the lexicon classifier, thresholds 0.5). */
export async function createTestPipeline(
  dir: string,
  getSource: (id: string) => Source | undefined,
): Promise<{ store: Store; pipeline: CrawlPipeline }> {
  const store = await openSqliteStore(join(dir, 'vigie.db'));
  const pipeline = createCrawlPipeline({
    store,
    classifier: createClassifier(),
    runCrawl,
    crawlDeps: {
      evidence: createFsEvidenceStore(join(dir, 'evidence')),
      cache: store.httpCache,
      userAgent: 'VigieTest',
    },
    getSource,
    thresholds: { marketThreshold: 0.5, productionThreshold: 0.5 },
    logger: silentLogger,
  });
  return { store, pipeline };
}
