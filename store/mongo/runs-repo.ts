import type { Db } from 'mongodb';
import { AppError } from '../../domain/errors.ts';
import { emptyCrawlStats, type CrawlRun } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import type { CrawlRunRepo } from '../types.ts';

type RunDoc = Omit<CrawlRun, 'id'> & { _id: string };

const COLLECTION = 'crawl_runs';

function toRun({ _id, ...rest }: RunDoc): CrawlRun {
  return { id: _id, ...rest };
}

/** Index for the runs of one source, newest first. */
export async function ensureMongoRunIndexes(db: Db): Promise<void> {
  await db
    .collection<RunDoc>(COLLECTION)
    .createIndexes([{ key: { sourceId: 1, startedAt: -1, _id: -1 }, name: 'runs_by_source' }]);
}

/** Crawl runs in MongoDB. */
export function createMongoRunRepo(db: Db): CrawlRunRepo {
  const runs = db.collection<RunDoc>(COLLECTION);

  return {
    async start(sourceId, now) {
      const doc: RunDoc = {
        _id: newId(),
        sourceId,
        status: 'running',
        startedAt: now.toISOString(),
        finishedAt: null,
        stats: emptyCrawlStats(),
        error: null,
      };
      await runs.insertOne(doc);
      return toRun(doc);
    },
    async finish(runId, result, now) {
      const doc = await runs.findOneAndUpdate(
        { _id: runId },
        {
          $set: {
            status: result.status,
            stats: result.stats,
            error: result.error,
            finishedAt: now.toISOString(),
          },
        },
        { returnDocument: 'after' },
      );
      if (!doc) throw new AppError('not_found', `crawl run ${runId} does not exist`);
      return toRun(doc);
    },
    async get(id) {
      const doc = await runs.findOne({ _id: id });
      return doc ? toRun(doc) : null;
    },
    async listBySource(sourceId, limit) {
      if (limit < 1) return [];
      const docs = await runs
        .find({ sourceId })
        .sort({ startedAt: -1, _id: -1 })
        .limit(Math.min(limit, 1000))
        .toArray();
      return docs.map(toRun);
    },
  };
}
