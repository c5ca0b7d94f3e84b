import type { Db } from 'mongodb';
import { AppError } from '../../domain/errors.ts';
import type { Listing, ListingVersion, ScrapedListing } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { foldText, searchTerms } from '../paging.ts';
import type { ListingRepo, ListingUpsertResult } from '../types.ts';
import { isDuplicateKey, MAX_RACE_RETRIES } from './errors.ts';

/**
 * `searchText` is title and text folded (lower case, no diacritics): the text index runs with
 * language "none" on it, so matching behaves like SQLite's unicode61 tokenizer (no stemming,
 * accents ignored) and phrase checks on folded query words stay exact.
 */
type ListingDoc = Omit<Listing, 'id'> & { _id: string; searchText: string };
/** `_id` is `listingId:version`, so a version can only be written once. */
type VersionDoc = ListingVersion & { _id: string };

const LISTINGS = 'listings';
const VERSIONS = 'listing_versions';

function toListing({ _id, searchText: _searchText, ...rest }: ListingDoc): Listing {
  return { id: _id, ...rest };
}

function toVersion({ _id, ...rest }: VersionDoc): ListingVersion {
  return rest;
}

function versionDoc(listingId: string, version: number, s: ScrapedListing, now: string): VersionDoc {
  return {
    _id: `${listingId}:${version}`,
    listingId,
    version,
    contentHash: s.contentHash,
    title: s.title,
    text: s.text,
    fields: s.fields,
    evidence: s.evidence,
    createdAt: now,
  };
}

function contentFields(s: ScrapedListing) {
  return {
    url: s.url,
    title: s.title,
    text: s.text,
    fields: s.fields,
    postedAt: s.postedAt,
    contentHash: s.contentHash,
    searchText: foldText(`${s.title}\n${s.text}`),
  };
}

const SEEN = { status: 'active' as const, removedAt: null, missedRuns: 0 };

/** Indexes for listing queries: identity per source, versions per listing, full-text search. */
export async function ensureMongoListingIndexes(db: Db): Promise<void> {
  await db.collection<ListingDoc>(LISTINGS).createIndexes([
    { key: { sourceId: 1, externalId: 1 }, name: 'listings_identity', unique: true },
    { key: { sourceId: 1, status: 1 }, name: 'listings_by_source_status' },
    // language_override names a field that never exists: a stored `language` (e.g. the classifier's
    // "fr") would otherwise switch stemming per document, and an unknown code would fail the insert.
    {
      key: { searchText: 'text' },
      name: 'listings_text',
      default_language: 'none',
      language_override: 'searchLanguageNone',
    },
  ]);
  await db
    .collection<VersionDoc>(VERSIONS)
    .createIndexes([{ key: { listingId: 1, version: 1 }, name: 'versions_by_listing', unique: true }]);
}

/** Listings and their versions in MongoDB. */
export function createMongoListingRepo(db: Db): ListingRepo {
  const listings = db.collection<ListingDoc>(LISTINGS);
  const versions = db.collection<VersionDoc>(VERSIONS);

  async function currentVersion(listingId: string, version: number): Promise<ListingVersion> {
    const doc = await versions.findOne({ _id: `${listingId}:${version}` });
    if (!doc) throw new AppError('internal', `listing ${listingId} has no stored version ${version}`);
    return toVersion(doc);
  }

  /**
   * One attempt; null when another writer changed the listing in between. Without multi-document
   * transactions, the listing is written first, conditionally on what was read (so only one writer
   * can create version N), and its version document right after.
   */
  async function tryUpsert(s: ScrapedListing, now: string): Promise<ListingUpsertResult | null> {
    const existing = await listings.findOne({ sourceId: s.sourceId, externalId: s.externalId });
    if (!existing) {
      const doc: ListingDoc = {
        _id: newId(),
        sourceId: s.sourceId,
        externalId: s.externalId,
        ...contentFields(s),
        currentVersion: 1,
        firstSeenAt: now,
        lastSeenAt: now,
        ...SEEN,
      };
      try {
        await listings.insertOne(doc);
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
      const version = versionDoc(doc._id, 1, s, now);
      await versions.insertOne(version);
      return { outcome: 'new', listing: toListing(doc), version: toVersion(version) };
    }
    if (existing.contentHash === s.contentHash) {
      const seen = await listings.findOneAndUpdate(
        { _id: existing._id },
        { $set: { url: s.url, lastSeenAt: now, ...SEEN } },
        { returnDocument: 'after' },
      );
      if (!seen) return null;
      return {
        outcome: 'unchanged',
        listing: toListing(seen),
        version: await currentVersion(seen._id, seen.currentVersion),
      };
    }
    const next = existing.currentVersion + 1;
    const changed = await listings.findOneAndUpdate(
      { _id: existing._id, currentVersion: existing.currentVersion },
      { $set: { ...contentFields(s), currentVersion: next, lastSeenAt: now, ...SEEN } },
      { returnDocument: 'after' },
    );
    if (!changed) return null;
    const version = versionDoc(changed._id, next, s, now);
    // Replace, not insert: a writer that died between the two writes may have left this id behind.
    await versions.replaceOne({ _id: version._id }, version, { upsert: true });
    return { outcome: 'changed', listing: toListing(changed), version: toVersion(version) };
  }

  return {
    async upsert(scraped, now) {
      for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
        const result = await tryUpsert(scraped, now.toISOString());
        if (result) return result;
      }
      throw new AppError(
        'conflict',
        `listing ${scraped.sourceId}/${scraped.externalId} kept changing; try again`,
        {
          retryable: true,
        },
      );
    },
    async touch(sourceId, externalIds, now) {
      if (externalIds.length === 0) return;
      await listings.updateMany(
        { sourceId, externalId: { $in: externalIds } },
        { $set: { lastSeenAt: now.toISOString(), ...SEEN } },
      );
    },
    async markMissing(sourceId, seenExternalIds, removeAfter, now) {
      const missing = { sourceId, status: 'active' as const, externalId: { $nin: seenExternalIds } };
      await listings.updateMany(missing, { $inc: { missedRuns: 1 } });
      const removed = await listings.updateMany(
        { ...missing, missedRuns: { $gte: removeAfter } },
        { $set: { status: 'removed', removedAt: now.toISOString() } },
      );
      return removed.modifiedCount;
    },
    async get(id) {
      const doc = await listings.findOne({ _id: id });
      return doc ? toListing(doc) : null;
    },
    async getByExternalId(sourceId, externalId) {
      const doc = await listings.findOne({ sourceId, externalId });
      return doc ? toListing(doc) : null;
    },
    async versions(listingId) {
      const docs = await versions.find({ listingId }).sort({ version: 1 }).toArray();
      return docs.map(toVersion);
    },
    async search(query, limit) {
      const terms = searchTerms(query);
      if (terms.length === 0 || limit < 1) return [];
      // Each word quoted: MongoDB then requires all of them (unquoted words would be OR-ed).
      // Sorting on textScore needs no projection since MongoDB 4.4, and none keeps it out of the result.
      const docs = await listings
        .find({ $text: { $search: terms.map((t) => `"${t}"`).join(' ') } })
        .sort({ score: { $meta: 'textScore' } })
        .limit(Math.min(limit, 1000))
        .toArray();
      return docs.map(toListing);
    },
    async count() {
      return listings.countDocuments();
    },
  };
}
