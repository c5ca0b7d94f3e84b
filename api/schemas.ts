import { z } from '@hono/zod-openapi';
import {
  alertStatusSchema,
  contactSchema,
  dismissReasonSchema,
  explanationItemSchema,
  roleSchema,
  signalLabelSchema,
} from '../domain/index.ts';

/** A comma-separated or repeated query value as a list. */
const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      v === undefined
        ? undefined
        : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter(Boolean),
    z.array(item).max(10).optional(),
  );

const score = z.coerce.number().min(0).max(1);
const isoTime = z.iso.datetime({ offset: true });

export const idParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const alertListQuerySchema = z
  .object({
    status: listParam(alertStatusSchema).openapi({ type: 'string', description: 'comma-separated statuses' }),
    label: signalLabelSchema.optional(),
    substance: z.string().min(1).max(60).optional(),
    commune: z.string().min(1).max(60).optional(),
    source: z.string().min(1).max(60).optional(),
    minScore: score.optional(),
    maxScore: score.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    /** A user id, `me`, or `none` for unassigned. */
    assignee: z.string().min(1).max(64).optional(),
    tag: z.string().min(1).max(40).optional(),
    q: z.string().max(200).optional(),
    /** `show` lists every repost on its own; by default a group of reposts shows once. */
    duplicates: z.enum(['show', 'hide']).default('hide'),
    /** `newest` first (default) or highest `priority` first; a cursor only continues its own order. */
    sort: z.enum(['newest', 'priority']).default('newest'),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.minScore === undefined || q.maxScore === undefined || q.minScore <= q.maxScore, {
    message: 'minScore must not exceed maxScore',
    path: ['minScore'],
  });
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

const tagsSchema = z.array(z.string().trim().min(1).max(40)).max(20);
const noteSchema = z.string().max(2000);
const versionSchema = z.number().int().positive();

/** Statuses analysts set directly; escalation and acknowledgement have their own actions. */
export const triageStatusSchema = z.enum(['new', 'in_review', 'confirmed', 'dismissed']);

export const alertPatchSchema = z
  .object({
    version: versionSchema,
    status: triageStatusSchema.optional(),
    assignee: z.string().min(1).max(64).nullable().optional(),
    tags: tagsSchema.optional(),
    dismissReason: dismissReasonSchema.optional(),
    note: noteSchema.optional(),
  })
  .refine((p) => p.status !== 'dismissed' || p.dismissReason !== undefined, {
    message: 'dismissing needs a dismissReason',
    path: ['dismissReason'],
  });
export type AlertPatchInput = z.infer<typeof alertPatchSchema>;

export const bulkActionSchema = z
  .object({
    items: z
      .array(z.object({ id: z.string().min(1).max(64), version: versionSchema }))
      .min(1)
      .max(200),
    status: triageStatusSchema.optional(),
    dismissReason: dismissReasonSchema.optional(),
    assignee: z.string().min(1).max(64).nullable().optional(),
    addTags: tagsSchema.optional(),
    removeTags: tagsSchema.optional(),
    note: noteSchema.optional(),
  })
  .refine((b) => b.status !== 'dismissed' || b.dismissReason !== undefined, {
    message: 'dismissing needs a dismissReason',
    path: ['dismissReason'],
  })
  .refine((b) => [b.status, b.assignee, b.addTags, b.removeTags].some((v) => v !== undefined), {
    message: 'give at least one of status, assignee, addTags, removeTags',
  });
export type BulkActionInput = z.infer<typeof bulkActionSchema>;

export const versionedNoteSchema = z.object({ version: versionSchema, note: noteSchema.optional() });
export type VersionedNote = z.infer<typeof versionedNoteSchema>;

export const commentInputSchema = z.object({ body: z.string().trim().min(1).max(5000) });

export const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const pageQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// Response shapes, for the OpenAPI document.

export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi('Error');

export const alertViewSchema = z
  .object({
    id: z.string(),
    listingId: z.string(),
    sourceId: z.string(),
    listingVersion: z.number(),
    title: z.string(),
    url: z.string().nullable(),
    labels: z.array(signalLabelSchema),
    scores: z.object({ market: z.number(), production: z.number() }),
    substances: z.array(z.string()),
    commune: z.string().nullable(),
    contacts: z.array(contactSchema),
    explanation: z.array(explanationItemSchema),
    modelVersion: z.string(),
    priority: z.number(),
    status: alertStatusSchema,
    assignee: z.string().nullable(),
    tags: z.array(z.string()),
    dismissReason: dismissReasonSchema.nullable().optional(),
    groupId: z.string().nullable().optional(),
    duplicateOf: z.string().nullable().optional(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    pseudonymised: z.boolean(),
  })
  .openapi('Alert');

/** An alert in a list: everything but the explanation, which only the detail answers. */
export const alertSummarySchema = alertViewSchema.omit({ explanation: true }).openapi('AlertSummary');

export const alertPageSchema = z
  .object({ items: z.array(alertSummarySchema), nextCursor: z.string().nullable() })
  .openapi('AlertPage');

export const historyEntrySchema = z.object({
  id: z.string(),
  alertId: z.string(),
  actorUserId: z.string().nullable(),
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  note: z.string().nullable(),
  at: z.string(),
});

export const commentSchema = z
  .object({
    id: z.string(),
    alertId: z.string(),
    userId: z.string(),
    body: z.string(),
    createdAt: z.string(),
  })
  .openapi('Comment');

export const actorSchema = z
  .object({
    id: z.string(),
    contacts: z.array(contactSchema),
    listingIds: z.array(z.string()),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
  })
  .openapi('Actor');

export const publicUserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    role: roleSchema,
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('User');

export const sessionUserSchema = z.object({ id: z.string(), username: z.string(), role: roleSchema });
