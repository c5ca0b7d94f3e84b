import type { Db } from 'mongodb';
import type { Session } from '../../domain/index.ts';
import type { SessionRepo } from '../types.ts';

type SessionDoc = Omit<Session, 'tokenHash'> & { _id: string; expiresAtDate: Date };

/** Indexes of the sessions collection; a TTL index drops expired sessions by itself. */
export async function ensureMongoSessionIndexes(db: Db): Promise<void> {
  const sessions = db.collection<SessionDoc>('sessions');
  await sessions.createIndex({ userId: 1 });
  await sessions.createIndex({ expiresAtDate: 1 }, { expireAfterSeconds: 0 });
}

/** Login sessions in MongoDB. */
export function createMongoSessionRepo(db: Db): SessionRepo {
  const sessions = db.collection<SessionDoc>('sessions');
  return {
    async create(s) {
      await sessions.insertOne({
        _id: s.tokenHash,
        userId: s.userId,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        expiresAtDate: new Date(s.expiresAt),
      });
    },
    async get(tokenHash) {
      const doc = await sessions.findOne({ _id: tokenHash });
      return doc
        ? { tokenHash: doc._id, userId: doc.userId, createdAt: doc.createdAt, expiresAt: doc.expiresAt }
        : null;
    },
    async delete(tokenHash) {
      await sessions.deleteOne({ _id: tokenHash });
    },
    async deleteByUser(userId) {
      await sessions.deleteMany({ userId });
    },
    async deleteExpired(now) {
      return (await sessions.deleteMany({ expiresAtDate: { $lte: now } })).deletedCount;
    },
  };
}
