import { createHash } from 'node:crypto';

/** Where the bytes behind a listing version are kept (files under the data directory, by hash). */
export interface EvidenceRef {
  /** SHA-256 (hex) of the raw body as received; the gzip file is named after it. */
  sha256: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  /** Browser mode: SHA-256 of the PNG screenshot. */
  screenshotSha256: string | null;
}

/** A listing as a crawler extracted it from one page: what a crawl hands to its sink. */
export interface ScrapedListing {
  sourceId: string;
  /** Stable id inside the source (the site's ad id, or the canonical URL). */
  externalId: string;
  url: string;
  title: string;
  text: string;
  /** Other extracted fields: price, commune, seller, postedAt, views, author… */
  fields: Record<string, string>;
  postedAt: string | null;
  contentHash: string;
  evidence: EvidenceRef;
}

export type ListingStatus = 'active' | 'removed';

/** A listing as stored: one per (sourceId, externalId), with versions. */
export interface Listing {
  id: string;
  sourceId: string;
  externalId: string;
  url: string;
  title: string;
  text: string;
  fields: Record<string, string>;
  postedAt: string | null;
  contentHash: string;
  currentVersion: number;
  status: ListingStatus;
  firstSeenAt: string;
  lastSeenAt: string;
  removedAt: string | null;
  /** Consecutive runs in which the listing was not seen on its list pages. */
  missedRuns: number;
}

/** One content version of a listing, with its evidence. */
export interface ListingVersion {
  listingId: string;
  version: number;
  contentHash: string;
  title: string;
  text: string;
  fields: Record<string, string>;
  evidence: EvidenceRef;
  createdAt: string;
}

/** The change-awareness key: what makes a listing "changed". Fields are sorted so order never matters. */
export function listingContentHash(listing: Pick<ScrapedListing, 'title' | 'text' | 'fields'>): string {
  const fields = Object.keys(listing.fields)
    .sort()
    .map((k) => [k, listing.fields[k]]);
  return createHash('sha256')
    .update(JSON.stringify([listing.title, listing.text, fields]))
    .digest('hex');
}
