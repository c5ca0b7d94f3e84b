import type { Db } from 'mongodb';
import type { SourceState, SourceStateRepo } from '../types.ts';

type StateDoc = { _id: string; paused: boolean; updatedAt: string };

function toState(d: StateDoc): SourceState {
  return { sourceId: d._id, paused: d.paused, updatedAt: d.updatedAt };
}

/** Operator state of sources (paused or not) in MongoDB, one document per source id. */
export function createMongoSourceStateRepo(db: Db): SourceStateRepo {
  const states = db.collection<StateDoc>('source_states');

  return {
    async get(sourceId) {
      const doc = await states.findOne({ _id: sourceId });
      return doc ? toState(doc) : null;
    },
    async setPaused(sourceId, paused, now) {
      const doc = await states.findOneAndUpdate(
        { _id: sourceId },
        { $set: { paused, updatedAt: now.toISOString() } },
        { upsert: true, returnDocument: 'after' },
      );
      // With upsert and returnDocument 'after' the driver always returns the document.
      return toState(doc ?? { _id: sourceId, paused, updatedAt: now.toISOString() });
    },
    async list() {
      const docs = await states.find().sort({ _id: 1 }).toArray();
      return docs.map(toState);
    },
  };
}
