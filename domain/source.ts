import { z } from 'zod';

/** `css` or `css@attr` (attribute instead of text), as in the sources' YAML. */
export const selectorSchema = z.string().min(1, 'a CSS selector, optionally followed by @attribute');

export const scheduleSchema = z
  .object({
    /** Cron pattern (5 or 6 fields). */
    cron: z.string().min(1).optional(),
    /** Interval, e.g. "15m", "1h", "30s". */
    every: z
      .string()
      .regex(/^\d+(ms|s|m|h|d)$/, 'a duration like "30s", "15m", "1h"')
      .optional(),
  })
  .refine((s) => (s.cron === undefined) !== (s.every === undefined), {
    message: 'give exactly one of cron or every',
  });
export type Schedule = z.infer<typeof scheduleSchema>;

const listingFieldsSchema = z.object({
  title: selectorSchema,
  text: selectorSchema,
  price: selectorSchema.optional(),
  commune: selectorSchema.optional(),
  seller: selectorSchema.optional(),
  postedAt: selectorSchema.optional(),
  externalId: selectorSchema.optional(),
});

export const listingExtractSchema = z.object({
  kind: z.literal('listing'),
  /** Links from a list page to detail pages. */
  itemLinks: selectorSchema,
  nextPage: selectorSchema.optional(),
  /** Links from a detail page to other detail pages ("similar ads"), followed as detail pages. */
  relatedLinks: selectorSchema.optional(),
  /**
   * Detail-page fields. Without `externalId` a listing is identified by its canonical URL, which
   * also lets a 304 on its detail page count as "unchanged"; with it, detail pages are always fetched in full.
   */
  fields: listingFieldsSchema,
  /** More detail-page fields by name, e.g. `{ phone: '.contact-phone' }`. */
  extraFields: z.record(z.string().regex(/^[a-zA-Z][\w-]{0,39}$/, 'a field name'), selectorSchema).optional(),
});

export const telegramExtractSchema = z.object({ kind: z.literal('telegram') });
export const feedExtractSchema = z.object({ kind: z.literal('feed') });

export const forumExtractSchema = z.object({
  kind: z.literal('forum'),
  threadLinks: selectorSchema,
  nextPage: selectorSchema.optional(),
  post: selectorSchema,
  postFields: z.object({
    author: selectorSchema,
    text: selectorSchema,
    postedAt: selectorSchema.optional(),
    externalId: selectorSchema.optional(),
  }),
  threadTitle: selectorSchema.optional(),
  threadNextPage: selectorSchema.optional(),
});

export const extractSchema = z.discriminatedUnion('kind', [
  listingExtractSchema,
  telegramExtractSchema,
  feedExtractSchema,
  forumExtractSchema,
]);
export type ExtractRules = z.infer<typeof extractSchema>;

export const sourceKindSchema = z.enum(['listing', 'telegram', 'feed', 'forum']);
export type SourceKind = z.infer<typeof sourceKindSchema>;
export const fetchModeSchema = z.enum(['http', 'browser']);
export type FetchMode = z.infer<typeof fetchModeSchema>;

/** A public web source that Vigie crawls, declared in `config/sources/*.yaml`. */
export const sourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    name: z.string().min(1),
    kind: sourceKindSchema,
    startUrls: z.array(z.url()).min(1),
    fetch: z
      .object({
        mode: fetchModeSchema.default('http'),
        /** Browser mode: wait for this selector before extracting. */
        waitFor: selectorSchema.optional(),
        timeoutMs: z.number().int().positive().default(15_000),
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(5 * 1024 * 1024),
        maxRedirects: z.number().int().min(0).default(5),
        retries: z.number().int().min(0).default(3),
        /** First retry delay; doubled at each try, with jitter. */
        retryBaseMs: z.number().int().min(0).default(1000),
        /** Longest `Retry-After` (429/503) or `Crawl-delay` honoured; longer ones are capped to this. */
        maxRetryAfterMs: z.number().int().min(0).default(60_000),
        /** Browser mode: keep a full-page PNG screenshot as evidence. */
        screenshot: z.boolean().default(true),
      })
      .prefault({}),
    schedule: scheduleSchema.default({ every: '30m' }),
    rateLimit: z
      .object({
        /** Minimum delay between two requests to one host. */
        minDelayMs: z.number().int().min(0).default(1000),
        concurrency: z.number().int().positive().default(2),
      })
      .prefault({}),
    robots: z.enum(['obey', 'ignore']).default('obey'),
    allowedHosts: z.array(z.string().min(1)).default([]),
    /** Demo and test sources only: allow loopback / private / link-local addresses. */
    allowPrivateNetwork: z.boolean().default(false),
    maxPages: z.number().int().positive().default(200),
    /** Runs a listing may be missing from its list pages before it is marked removed. */
    removeAfterMissedRuns: z.number().int().positive().default(2),
    extract: extractSchema,
  })
  .refine((s) => s.extract.kind === s.kind, {
    message: 'extract.kind must equal kind',
    path: ['extract', 'kind'],
  });
export type Source = z.infer<typeof sourceSchema>;
export type SourceInput = z.input<typeof sourceSchema>;
