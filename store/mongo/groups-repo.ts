import type { Db } from 'mongodb';
import type { ListingGroup } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { bandKeys, minhash, NEAR_DUPLICATE_SIMILARITY, similarity } from '../minhash.ts';
import type { GroupRepo } from '../types.ts';

/** One document per listing: its MinHash signature, LSH bands and group. */
interface SignatureDoc {
  _id: string;
  groupId: string;
  groupCreatedAt: string;
  signature: number[];
  bands: string[];
  assignedAt: string;
}

/** Indexes for band lookups and group members. */
export async function ensureMongoGroupIndexes(db: Db): Promise<void> {
  await db.collection<SignatureDoc>('listing_signatures').createIndexes([
    { key: { bands: 1 }, name: 'signatures_by_band' },
    { key: { groupId: 1, assignedAt: 1 }, name: 'signatures_by_group' },
  ]);
}

/** Near-duplicate groups in MongoDB. */
export function createMongoGroupRepo(db: Db): GroupRepo {
  const signatures = db.collection<SignatureDoc>('listing_signatures');
  const read = async (groupId: string): Promise<ListingGroup | null> => {
    const docs = await signatures.find({ groupId }).sort({ assignedAt: 1, _id: 1 }).toArray();
    const first = docs[0];
    return first
      ? { id: groupId, listingIds: docs.map((d) => d._id), createdAt: first.groupCreatedAt }
      : null;
  };
  return {
    async assign(listingId, text, now) {
      const signature = minhash(text);
      const bands = bandKeys(signature);
      const existing = await signatures.findOne({ _id: listingId });
      const candidates = await signatures.find({ bands: { $in: bands }, _id: { $ne: listingId } }).toArray();
      let best: { doc: SignatureDoc; score: number } | null = null;
      for (const doc of candidates) {
        const score = similarity(signature, doc.signature);
        if (score >= NEAR_DUPLICATE_SIMILARITY && (!best || score > best.score)) best = { doc, score };
      }
      const at = now.toISOString();
      const groupId = best?.doc.groupId ?? existing?.groupId ?? newId();
      const groupCreatedAt = best?.doc.groupCreatedAt ?? existing?.groupCreatedAt ?? at;
      await signatures.updateOne(
        { _id: listingId },
        { $set: { groupId, groupCreatedAt, signature, bands }, $setOnInsert: { assignedAt: at } },
        { upsert: true },
      );
      return (await read(groupId))!;
    },
    async get(id) {
      return read(id);
    },
    async getByListing(listingId) {
      const doc = await signatures.findOne({ _id: listingId });
      return doc ? read(doc.groupId) : null;
    },
  };
}
