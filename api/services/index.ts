import { createActorService, type ActorService } from './actors.ts';
import { createAlertService, type AlertService } from './alerts.ts';
import { createAuthService, type AuthService } from './auth.ts';
import type { ServiceDeps } from './context.ts';
import { createSourceService, type SourceService } from './sources.ts';
import { createUserService, type UserService } from './users.ts';

export type { ServiceDeps, Viewer } from './context.ts';
export type { AlertDetail, AlertService, BulkResult } from './alerts.ts';
export type { AlertSummary, AlertView } from './alert-views.ts';
export type { PriorityExplanation } from '../../domain/priority.ts';
export type { ActorDetail, ActorService } from './actors.ts';
export type { AuthService } from './auth.ts';
export type { SourceService, SourceSummary } from './sources.ts';
export type { PublicUser, UserService } from './users.ts';

/** Everything routes and dashboard pages call: one implementation behind JSON and HTML. */
export interface Services {
  auth: AuthService;
  users: UserService;
  alerts: AlertService;
  actors: ActorService;
  sources: SourceService;
  deps: ServiceDeps;
}

/** Builds the services over one set of dependencies. */
export function createServices(deps: ServiceDeps): Services {
  return {
    auth: createAuthService(deps),
    users: createUserService(deps),
    alerts: createAlertService(deps),
    actors: createActorService(deps),
    sources: createSourceService(deps),
    deps,
  };
}
