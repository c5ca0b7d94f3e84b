import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import {
  actorSchema,
  alertSummarySchema,
  idParamSchema,
  pageQuerySchema,
  publicUserSchema,
} from '../schemas.ts';
import { newUserSchema, userPatchSchema } from '../services/users.ts';
import { defineRoute, json } from './define.ts';
import { viewer } from './viewer.ts';

const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const sourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    startUrls: z.array(z.string()),
    paused: z.boolean(),
    lastRun: z.unknown(),
    health: z.enum(['ok', 'failing', 'unhealthy', 'unknown']),
  })
  .openapi('Source');

const routes = {
  actors: defineRoute('actors:read', {
    method: 'get',
    path: '/api/actors',
    summary: 'Actors (listings linked by shared contacts), most recently seen first',
    request: { query: pageQuerySchema },
    responses: { 200: json(z.object({ items: z.array(actorSchema), nextCursor: z.string().nullable() })) },
  }),
  actor: defineRoute('actors:read', {
    method: 'get',
    path: '/api/actors/{id}',
    summary: 'An actor and the timeline of its listings',
    request: { params: idParamSchema },
    responses: {
      200: json(
        z.object({
          actor: actorSchema,
          timeline: z.array(
            z.object({
              listingId: z.string(),
              title: z.string(),
              sourceId: z.string(),
              firstSeenAt: z.string(),
              alert: alertSummarySchema.nullable(),
            }),
          ),
        }),
      ),
    },
  }),
  sources: defineRoute('sources:read', {
    method: 'get',
    path: '/api/sources',
    summary: 'Sources with their health and last run',
    responses: { 200: json(z.object({ items: z.array(sourceSchema) })) },
  }),
  source: defineRoute('sources:read', {
    method: 'get',
    path: '/api/sources/{id}',
    summary: 'A source with its recent runs and failed jobs',
    request: { params: idParamSchema },
    responses: {
      200: json(sourceSchema.extend({ runs: z.array(z.unknown()), failures: z.array(z.unknown()) })),
    },
  }),
  run: defineRoute('sources:manage', {
    method: 'post',
    path: '/api/sources/{id}/run',
    summary: 'Crawl this source now (refused while one is queued or running)',
    request: { params: idParamSchema },
    responses: { 202: json(z.object({ enqueued: z.boolean() }), 'Accepted') },
  }),
  pause: defineRoute('sources:manage', {
    method: 'post',
    path: '/api/sources/{id}/pause',
    summary: 'Pause scheduled crawls of this source',
    request: { params: idParamSchema },
    responses: { 200: json(sourceSchema) },
  }),
  resume: defineRoute('sources:manage', {
    method: 'post',
    path: '/api/sources/{id}/resume',
    summary: 'Resume scheduled crawls of this source',
    request: { params: idParamSchema },
    responses: { 200: json(sourceSchema) },
  }),
  users: defineRoute('users:manage', {
    method: 'get',
    path: '/api/users',
    summary: 'Users',
    responses: { 200: json(z.object({ items: z.array(publicUserSchema) })) },
  }),
  addUser: defineRoute('users:manage', {
    method: 'post',
    path: '/api/users',
    summary: 'Add a user',
    request: body(newUserSchema),
    responses: { 201: json(publicUserSchema, 'Created') },
  }),
  patchUser: defineRoute('users:manage', {
    method: 'patch',
    path: '/api/users/{id}',
    summary: "Change role, disable, or set a password (ends the user's sessions)",
    request: { params: idParamSchema, ...body(userPatchSchema) },
    responses: { 200: json(publicUserSchema) },
  }),
  audit: defineRoute('audit:read', {
    method: 'get',
    path: '/api/audit',
    summary: 'Audit log, newest first: logins, evidence views, escalations, user and source changes',
    request: {
      query: pageQuerySchema.extend({
        action: z.string().max(60).optional(),
        target: z.string().max(100).optional(),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable() })) },
  }),
  verdicts: defineRoute('verdicts:read', {
    method: 'get',
    path: '/api/verdicts',
    summary:
      "Analysts' verdicts (confirmed / dismissed) with the listing text, for retraining the classifier",
    responses: { 200: json(z.object({ items: z.array(z.unknown()) })) },
  }),
};

/** Actors, sources and runs, users, audit log and verdicts. */
export function registerAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.actors, async (c) =>
    c.json(await c.get('services').actors.list(viewer(c), c.req.valid('query')), 200),
  );
  app.openapi(routes.actor, async (c) =>
    c.json(await c.get('services').actors.get(viewer(c), c.req.valid('param').id), 200),
  );
  app.openapi(routes.sources, async (c) =>
    c.json({ items: await c.get('services').sources.list(viewer(c)) }, 200),
  );
  app.openapi(routes.source, async (c) =>
    c.json(await c.get('services').sources.get(viewer(c), c.req.valid('param').id), 200),
  );
  app.openapi(routes.run, async (c) =>
    c.json(await c.get('services').sources.runNow(viewer(c), c.req.valid('param').id), 202),
  );
  app.openapi(routes.pause, async (c) =>
    c.json(await c.get('services').sources.setPaused(viewer(c), c.req.valid('param').id, true), 200),
  );
  app.openapi(routes.resume, async (c) =>
    c.json(await c.get('services').sources.setPaused(viewer(c), c.req.valid('param').id, false), 200),
  );
  app.openapi(routes.users, async (c) => c.json({ items: await c.get('services').users.list() }, 200));
  app.openapi(routes.addUser, async (c) =>
    c.json(await c.get('services').users.add(c.req.valid('json'), viewer(c)), 201),
  );
  app.openapi(routes.patchUser, async (c) =>
    c.json(
      await c.get('services').users.update(c.req.valid('param').id, c.req.valid('json'), viewer(c)),
      200,
    ),
  );
  app.openapi(routes.audit, async (c) => {
    const q = c.req.valid('query');
    const page = await c
      .get('services')
      .deps.store.audit.list(
        { action: q.action, target: q.target },
        { limit: q.limit, cursor: q.cursor ?? null },
      );
    return c.json(page, 200);
  });
  app.openapi(routes.verdicts, async (c) =>
    c.json({ items: await c.get('services').deps.store.alerts.verdicts() }, 200),
  );
}
