import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { requirePermission, type Permission } from '../permissions.ts';
import { errorSchema } from '../schemas.ts';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

/** The error answers every route may give, documented once. */
const ERRORS = {
  400: errorResponse('invalid input: `details.fields` names each field and what was expected'),
  401: errorResponse('no valid session'),
  403: errorResponse('the role lacks the permission'),
  404: errorResponse('unknown id'),
  409: errorResponse(
    'stale version or a transition the workflow refuses: `details.current` is the alert now',
  ),
};

/**
 * An OpenAPI route that declares its permission: the guard runs before validation, so a caller
 * without a session gets 401 and one without the permission 403, whatever the input.
 */
export function defineRoute<
  P extends string,
  R extends Omit<RouteConfig, 'path' | 'middleware'> & { path: P },
>(permission: Permission, config: R) {
  return createRoute({
    ...config,
    middleware: [requirePermission(permission)] as const,
    security: permission === 'public' ? [] : [{ session: [] }],
    'x-permission': permission,
    responses: { ...ERRORS, ...config.responses },
  });
}

/** A JSON response of `schema`. */
export function json<T>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}
