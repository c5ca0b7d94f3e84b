import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import {
  alertListQuerySchema,
  alertPatchSchema,
  alertViewSchema,
  bulkActionSchema,
  commentInputSchema,
  commentSchema,
  historyEntrySchema,
  idParamSchema,
  versionedNoteSchema,
} from '../schemas.ts';
import { viewer } from './viewer.ts';
import { defineRoute, json } from './define.ts';

const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const versionQuerySchema = z.object({ version: z.coerce.number().int().positive().optional() });

const detailSchema = z
  .object({
    alert: alertViewSchema,
    listing: z.unknown(),
    priority: z.object({
      score: z.number(),
      factors: z.array(z.object({ factor: z.string(), points: z.number(), detail: z.string() })),
    }),
    actor: z.unknown(),
    group: z.unknown(),
    history: z.array(historyEntrySchema),
    comments: z.array(commentSchema),
  })
  .openapi('AlertDetail');

const routes = {
  counts: defineRoute('alerts:read', {
    method: 'get',
    path: '/api/alerts/counts',
    summary: 'Alerts per status for the same filters',
    request: { query: alertListQuerySchema },
    responses: { 200: json(z.record(z.string(), z.number())) },
  }),
  reasons: defineRoute('alerts:read', {
    method: 'get',
    path: '/api/alerts/dismiss-reasons',
    summary: 'Reasons an analyst may give when dismissing',
    responses: { 200: json(z.object({ reasons: z.array(z.string()) })) },
  }),
  bulk: defineRoute('alerts:triage', {
    method: 'post',
    path: '/api/alerts/bulk',
    summary: 'One triage action on many alerts; each item succeeds or fails on its own (version checked)',
    request: body(bulkActionSchema),
    responses: {
      200: json(
        z.object({
          results: z.array(
            z.object({
              id: z.string(),
              ok: z.boolean(),
              alert: alertViewSchema.optional(),
              error: z.unknown().optional(),
            }),
          ),
        }),
      ),
    },
  }),
  get: defineRoute('alerts:read', {
    method: 'get',
    path: '/api/alerts/{id}',
    summary: 'Alert detail: listing versions, explanation, priority, actor, group, history, comments',
    request: { params: idParamSchema },
    responses: { 200: json(detailSchema) },
  }),
  patch: defineRoute('alerts:triage', {
    method: 'patch',
    path: '/api/alerts/{id}',
    summary: 'Triage: status within the workflow, assignee, tags; send the version you read',
    request: { params: idParamSchema, ...body(alertPatchSchema) },
    responses: { 200: json(alertViewSchema) },
  }),
  comment: defineRoute('alerts:comment', {
    method: 'post',
    path: '/api/alerts/{id}/comments',
    summary: 'Add a comment',
    request: { params: idParamSchema, ...body(commentInputSchema) },
    responses: { 201: json(commentSchema, 'Created') },
  }),
  escalate: defineRoute('alerts:escalate', {
    method: 'post',
    path: '/api/alerts/{id}/escalate',
    summary: 'Escalate a confirmed alert to police liaison (audited)',
    request: { params: idParamSchema, ...body(versionedNoteSchema) },
    responses: { 200: json(alertViewSchema) },
  }),
  acknowledge: defineRoute('alerts:acknowledge', {
    method: 'post',
    path: '/api/alerts/{id}/acknowledge',
    summary: 'Acknowledge an escalated alert (liaison)',
    request: { params: idParamSchema, ...body(versionedNoteSchema) },
    responses: { 200: json(alertViewSchema) },
  }),
  evidence: defineRoute('evidence:read', {
    method: 'get',
    path: '/api/alerts/{id}/evidence',
    summary: 'Raw HTML snapshot of a listing version as fetched, as a JSON string (audited)',
    request: { params: idParamSchema, query: versionQuerySchema },
    responses: {
      200: json(
        z.object({ sha256: z.string(), html: z.string(), fetchedAt: z.string(), finalUrl: z.string() }),
      ),
    },
  }),
  screenshot: defineRoute('evidence:read', {
    method: 'get',
    path: '/api/alerts/{id}/screenshot',
    summary: 'Screenshot (PNG) of a listing version, browser sources only (audited)',
    request: { params: idParamSchema, query: versionQuerySchema },
    responses: {
      200: {
        description: 'PNG',
        content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } },
      },
    },
  }),
};

/** Alert routes (the queue itself: alert-queue.ts): counts, detail, triage, comments, escalation, acknowledgement, evidence. */
export function registerAlertRoutes(app: OpenAPIHono<AppEnv>): void {
  const alerts = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').alerts;
  app.openapi(routes.counts, async (c) =>
    c.json(await alerts(c).counts(viewer(c), c.req.valid('query')), 200),
  );
  app.openapi(routes.reasons, (c) => c.json({ reasons: [...alerts(c).dismissReasons] }, 200));
  app.openapi(routes.bulk, async (c) =>
    c.json({ results: await alerts(c).bulk(viewer(c), c.req.valid('json')) }, 200),
  );
  app.openapi(routes.get, async (c) =>
    c.json((await alerts(c).get(viewer(c), c.req.valid('param').id)) as z.infer<typeof detailSchema>, 200),
  );
  app.openapi(routes.patch, async (c) =>
    c.json(await alerts(c).update(viewer(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(routes.comment, async (c) =>
    c.json(await alerts(c).comment(viewer(c), c.req.valid('param').id, c.req.valid('json').body), 201),
  );
  app.openapi(routes.escalate, async (c) =>
    c.json(await alerts(c).escalate(viewer(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(routes.acknowledge, async (c) =>
    c.json(await alerts(c).acknowledge(viewer(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(routes.evidence, async (c) =>
    c.json(await alerts(c).evidence(viewer(c), c.req.valid('param').id, c.req.valid('query').version), 200),
  );
  app.openapi(routes.screenshot, async (c) => {
    const png = await alerts(c).screenshot(viewer(c), c.req.valid('param').id, c.req.valid('query').version);
    return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png' });
  });
}
