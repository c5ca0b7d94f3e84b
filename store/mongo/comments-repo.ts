import type { Db } from 'mongodb';
import type { AlertComment } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import type { CommentRepo } from '../types.ts';

type CommentDoc = Omit<AlertComment, 'id'> & { _id: string };

/** Index of comments per alert. */
export async function ensureMongoCommentIndexes(db: Db): Promise<void> {
  await db.collection<CommentDoc>('alert_comments').createIndex({ alertId: 1, createdAt: 1, _id: 1 });
}

/** Comments in MongoDB. */
export function createMongoCommentRepo(db: Db): CommentRepo {
  const comments = db.collection<CommentDoc>('alert_comments');
  return {
    async add(alertId, userId, body, now) {
      const doc: CommentDoc = { _id: newId(), alertId, userId, body, createdAt: now.toISOString() };
      await comments.insertOne(doc);
      return { id: doc._id, alertId, userId, body, createdAt: doc.createdAt };
    },
    async list(alertId) {
      const docs = await comments.find({ alertId }).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
    },
  };
}
