import type { Db } from 'mongodb';
import type { HttpCacheRepo } from '../types.ts';

type CacheDoc = { _id: string; etag: string | null; lastModified: string | null; updatedAt: string };

/** Conditional-GET validators in MongoDB, one document per URL. */
export function createMongoHttpCacheRepo(db: Db): HttpCacheRepo {
  const cache = db.collection<CacheDoc>('http_cache');

  return {
    async get(url) {
      const doc = await cache.findOne({ _id: url });
      return doc ? { etag: doc.etag, lastModified: doc.lastModified } : null;
    },
    async set(url, validators, now) {
      await cache.updateOne(
        { _id: url },
        {
          $set: {
            etag: validators.etag,
            lastModified: validators.lastModified,
            updatedAt: now.toISOString(),
          },
        },
        { upsert: true },
      );
    },
  };
}
