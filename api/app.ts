import { OpenAPIHono, type OpenAPIHonoOptions } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import type { Config } from '../config/schema.ts';
import type { EvidenceStore } from '../crawlers/types.ts';
import { createDashboard } from '../dashboard/index.ts';
import type { Logger, Source } from '../domain/index.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { Store } from '../store/types.ts';
import { SESSION_COOKIE, sessionMiddleware } from './auth/session.ts';
import type { AppEnv } from './env.ts';
import { createErrorHandler, errorBody, validationError } from './errors.ts';
import { secureDefaults } from './headers.ts';
import { requirePermission } from './permissions.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAlertQueueRoute } from './routes/alert-queue.ts';
import { registerAlertRoutes } from './routes/alerts.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { createServices, type Services } from './services/index.ts';
import { loadPseudonymKey } from './services/pseudonyms.ts';

export { ensureInitialAdmin } from './services/users.ts';
export type { AppEnv, SessionUser } from './env.ts';
export type { Services } from './services/index.ts';

/** What the API and dashboard run on. */
export interface AppDeps {
  store: Store;
  queue: JobQueue;
  sources: Source[];
  config: Config;
  logger: Logger;
  /** Raw HTML and screenshots behind listing versions (absent: evidence routes answer 503). */
  evidence?: EvidenceStore;
  /** Clock (tests). */
  now?: () => Date;
  /** HMAC key for researchers' pseudonyms; default: `pseudonym.key` in the data directory. */
  pseudonymKey?: Buffer;
}

/** Largest request body the API reads. */
const MAX_BODY_BYTES = 256 * 1024;

/** Invalid input → 400 naming each field and where it was (validationError). */
const validationHook: OpenAPIHonoOptions<AppEnv>['defaultHook'] = (result) => {
  if (!result.success) throw validationError(result.target, result.error.issues);
};

/** The Hono app: JSON API under /api, health at /healthz, the dashboard at /. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const services: Services = createServices({
    ...deps,
    now: deps.now ?? (() => new Date()),
    pseudonymKey: deps.pseudonymKey ?? loadPseudonymKey(deps.config.dataDir),
  });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const onError = createErrorHandler(deps.logger);
  app.onError(onError);
  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));

  // Ahead of the app-wide middleware: the queue composes the same steps in one handler.
  const cachedQueueAnswer = registerAlertQueueRoute(app, services, onError);
  app.use('*', secureDefaults());
  // Only for methods with a body: checking a GET's body would build a full Request object for
  // nothing. Form-like requests (the only kind a foreign page can send without a CORS preflight)
  // must come from this origin; JSON needs a preflight we never grant. Cookies are SameSite=Strict
  // on top. Reads skip both in one step (the queue's hot path).
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json(errorBody('too_large', `request body over ${MAX_BODY_BYTES} bytes`), 413),
  });
  const checkOrigin = csrf();
  app.use('/api/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? next()
      : limitBody(c, () => checkOrigin(c, next) as Promise<void>),
  );
  app.use('*', sessionMiddleware(services));

  registerAuthRoutes(app);
  registerAlertRoutes(app);
  registerAdminRoutes(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
  });
  app.get('/api/openapi.json', requirePermission('public'), (c) =>
    c.json(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Vigie API',
          version: '1',
          description: 'Alert triage for the Brussels prevention & security plan.',
        },
      }),
    ),
  );

  app.route('/', createDashboard()); // DASHBOARD MOUNT

  // A cached queue page answers before routing: it needs no Context, no promise, no middleware.
  const route = app.fetch;
  app.fetch = (req, ...rest) => cachedQueueAnswer(req) ?? route(req, ...rest);
  return app;
}
