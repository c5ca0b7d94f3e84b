import {
  AppError,
  canTransition,
  dismissReasonSchema,
  type Alert,
  type AlertComment,
  type AlertStatus,
} from '../../domain/index.ts';
import type { AlertFilter, AlertPatch } from '../../store/types.ts';
import type { AlertListQuery, AlertPatchInput, BulkActionInput, VersionedNote } from '../schemas.ts';
import { alertDetail, type AlertDetail } from './alert-detail.ts';
import { LIAISON_STATUSES, presenterFor, type AlertSummary, type AlertView } from './alert-views.ts';
import type { ServiceDeps, Viewer } from './context.ts';
import { createStampCache } from './stamp-cache.ts';

export type { AlertDetail } from './alert-detail.ts';

/** Queue pages kept for repeated reads until the store changes (most analysts look at the same first page). */
const PAGE_CACHE_SIZE = 256;

export interface BulkResult {
  id: string;
  ok: boolean;
  alert?: AlertView;
  error?: { code: string; message: string; current?: AlertView };
}

export interface AlertService {
  readonly dismissReasons: readonly string[];
  /** A queue page; `stamp`: the store's change stamp when the caller already read it for this request. */
  list(
    viewer: Viewer,
    query: AlertListQuery,
    stamp?: string | null,
  ): Promise<{ items: AlertSummary[]; nextCursor: string | null }>;
  /** The page list would answer, when it is cached for `stamp` (the store's change stamp); undefined otherwise. */
  cachedPage(
    viewer: Viewer,
    query: AlertListQuery,
    stamp: string | null,
  ): { items: AlertSummary[]; nextCursor: string | null } | undefined;
  counts(viewer: Viewer, query: AlertListQuery): Promise<Partial<Record<AlertStatus, number>>>;
  get(viewer: Viewer, id: string): Promise<AlertDetail>;
  /** Triage: status (within the workflow), assignee, tags; 409 with the current state on a stale version. */
  update(viewer: Viewer, id: string, input: AlertPatchInput): Promise<AlertView>;
  bulk(viewer: Viewer, input: BulkActionInput): Promise<BulkResult[]>;
  comment(viewer: Viewer, id: string, body: string): Promise<AlertComment>;
  escalate(viewer: Viewer, id: string, input: VersionedNote): Promise<AlertView>;
  acknowledge(viewer: Viewer, id: string, input: VersionedNote): Promise<AlertView>;
  /** Raw HTML of a listing version as fetched (audited); the caller must show it as inert text. */
  evidence(
    viewer: Viewer,
    id: string,
    version?: number,
  ): Promise<{ sha256: string; html: string; fetchedAt: string; finalUrl: string }>;
  /** Screenshot of a listing version (browser sources; audited). */
  screenshot(viewer: Viewer, id: string, version?: number): Promise<Uint8Array>;
}

/** Alert triage: listing, detail, the workflow with version checks, comments, escalation, evidence. */
export function createAlertService(deps: ServiceDeps): AlertService {
  const { store, now, pseudonymKey } = deps;
  const pageCache = createStampCache<{ items: AlertSummary[]; nextCursor: string | null }>(PAGE_CACHE_SIZE);
  const countCache = createStampCache<Partial<Record<AlertStatus, number>>>(PAGE_CACHE_SIZE);

  /** The store filter for a query, or null when the viewer may see nothing that matches. */
  const filterFor = (viewer: Viewer, q: AlertListQuery): AlertFilter | null => {
    let status = q.status;
    if (viewer.role === 'liaison')
      status = (status ?? LIAISON_STATUSES).filter((s) => LIAISON_STATUSES.includes(s));
    if (status && status.length === 0) return null;
    return {
      status,
      label: q.label,
      substance: q.substance,
      commune: q.commune,
      sourceId: q.source,
      minScore: q.minScore,
      maxScore: q.maxScore,
      createdFrom: q.from,
      createdTo: q.to,
      assignee:
        q.assignee === undefined
          ? undefined
          : q.assignee === 'none'
            ? null
            : q.assignee === 'me'
              ? viewer.id
              : q.assignee,
      tag: q.tag,
      query: q.q,
      hideDuplicates: q.duplicates === 'hide',
    };
  };

  /** The alert when this viewer may see it; unknown and hidden alerts are both 404. */
  const load = async (viewer: Viewer, id: string): Promise<Alert> => {
    const alert = await store.alerts.get(id);
    if (!alert || (viewer.role === 'liaison' && !LIAISON_STATUSES.includes(alert.status))) {
      throw new AppError('not_found', `no alert ${id}`);
    }
    return alert;
  };

  const conflictView = (viewer: Viewer, err: unknown): never => {
    if (err instanceof AppError && err.code === 'conflict') {
      const current = (err.details as { current?: Alert } | undefined)?.current;
      if (current)
        throw new AppError('conflict', err.message, {
          cause: err,
          details: { current: presenterFor(viewer, pseudonymKey).alert(current) },
        });
    }
    throw err;
  };

  const checkTransition = (alert: Alert, to: AlertStatus) => {
    if (to !== alert.status && !canTransition(alert.status, to)) {
      throw new AppError('conflict', `an alert cannot go from ${alert.status} to ${to}`, {
        details: {
          current: presenterFor({ id: '', username: '', role: 'analyst' }, pseudonymKey).alert(alert),
          transition: { from: alert.status, to },
        },
      });
    }
  };

  const applyTriage = async (
    viewer: Viewer,
    alert: Alert,
    version: number,
    patch: AlertPatch,
    note?: string,
  ) => {
    if (patch.status) checkTransition(alert, patch.status);
    if (patch.assignee) {
      const user = await store.users.get(patch.assignee);
      if (!user || user.disabled)
        throw new AppError('validation', 'unknown assignee', {
          details: { fields: { assignee: ['no such active user'] } },
        });
    }
    const updated = await store.alerts
      .update(alert.id, version, patch, { userId: viewer.id, note: note ?? null, now: now() })
      .catch((err: unknown) => conflictView(viewer, err));
    return presenterFor(viewer, pseudonymKey).alert(updated);
  };

  const versionEvidence = async (viewer: Viewer, id: string, version?: number) => {
    const alert = await load(viewer, id);
    const versions = await store.listings.versions(alert.listingId);
    const chosen = versions.find((v) => v.version === (version ?? alert.listingVersion));
    if (!chosen)
      throw new AppError('not_found', `no version ${version ?? alert.listingVersion} of this listing`);
    if (!deps.evidence) throw new AppError('unavailable', 'no evidence store configured');
    return { alert, chosen, evidence: deps.evidence };
  };

  // Pages differ by role only through presentation, so role + filter + position is the key.
  const pageKey = (viewer: Viewer, filter: AlertFilter, query: AlertListQuery) =>
    JSON.stringify([viewer.role, filter, query.sort, query.limit, query.cursor ?? null]);

  const auditEvidence = (viewer: Viewer, alertId: string, details: Record<string, unknown>) =>
    store.audit.record({
      userId: viewer.id,
      action: 'evidence_viewed',
      target: `alert:${alertId}`,
      details,
      at: now().toISOString(),
    });

  return {
    dismissReasons: dismissReasonSchema.options,

    cachedPage(viewer, query, stamp) {
      const filter = filterFor(viewer, query);
      return filter ? pageCache.get(pageKey(viewer, filter, query), stamp) : undefined;
    },

    async list(viewer, query, stamp) {
      const filter = filterFor(viewer, query);
      if (!filter) return { items: [], nextCursor: null };
      const key = pageKey(viewer, filter, query);
      // Read before the page, so a page stored under a stamp is never older than that stamp.
      const current = stamp === undefined ? await store.alerts.changeStamp() : stamp;
      const cached = pageCache.get(key, current);
      if (cached) return cached;
      const page = await store.alerts.list(filter, {
        limit: query.limit,
        cursor: query.cursor ?? null,
        sort: query.sort,
      });
      const present = presenterFor(viewer, pseudonymKey);
      const result = { items: page.items.map((a) => present.summary(a)), nextCursor: page.nextCursor };
      pageCache.set(key, current, result);
      return result;
    },

    async counts(viewer, query) {
      const filter = filterFor(viewer, { ...query, status: undefined });
      if (!filter) return {};
      const key = JSON.stringify(['counts', filter]);
      const stamp = await store.alerts.changeStamp();
      let counts = countCache.get(key, stamp);
      if (!counts) {
        counts = await store.alerts.countByStatus(filter);
        countCache.set(key, stamp, counts);
      }
      if (viewer.role !== 'liaison') return counts;
      return Object.fromEntries(
        Object.entries(counts).filter(([s]) => LIAISON_STATUSES.includes(s as AlertStatus)),
      );
    },

    async get(viewer, id) {
      return alertDetail(deps, viewer, await load(viewer, id));
    },

    async update(viewer, id, input) {
      const alert = await load(viewer, id);
      const { version, note, ...patch } = input;
      return applyTriage(viewer, alert, version, patch, note);
    },

    async bulk(viewer, input) {
      const results: BulkResult[] = [];
      for (const item of input.items) {
        try {
          const alert = await load(viewer, item.id);
          const tags =
            input.addTags || input.removeTags
              ? [...new Set([...alert.tags, ...(input.addTags ?? [])])].filter(
                  (t) => !input.removeTags?.includes(t),
                )
              : undefined;
          const patch: AlertPatch = {
            status: input.status,
            dismissReason: input.dismissReason,
            assignee: input.assignee,
            tags,
          };
          results.push({
            id: item.id,
            ok: true,
            alert: await applyTriage(viewer, alert, item.version, patch, input.note),
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const current = (err.details as { current?: AlertView } | undefined)?.current;
          results.push({
            id: item.id,
            ok: false,
            error: { code: err.code, message: err.message, ...(current ? { current } : {}) },
          });
        }
      }
      return results;
    },

    async comment(viewer, id, body) {
      const alert = await load(viewer, id);
      const comment = await store.comments.add(alert.id, viewer.id, body, now());
      await store.alerts.note(alert.id, 'comment', {
        userId: viewer.id,
        note: null,
        to: comment.id,
        now: now(),
      });
      return comment;
    },

    async escalate(viewer, id, input) {
      const alert = await load(viewer, id);
      checkTransition(alert, 'escalated');
      const view = await applyTriage(viewer, alert, input.version, { status: 'escalated' }, input.note);
      await store.audit.record({
        userId: viewer.id,
        action: 'alert_escalated',
        target: `alert:${id}`,
        details: { note: input.note ?? null },
        at: now().toISOString(),
      });
      return view;
    },

    async acknowledge(viewer, id, input) {
      const alert = await load(viewer, id);
      checkTransition(alert, 'acknowledged');
      const view = await applyTriage(viewer, alert, input.version, { status: 'acknowledged' }, input.note);
      await store.audit.record({
        userId: viewer.id,
        action: 'alert_acknowledged',
        target: `alert:${id}`,
        details: { note: input.note ?? null },
        at: now().toISOString(),
      });
      return view;
    },

    async evidence(viewer, id, version) {
      const { chosen, evidence } = await versionEvidence(viewer, id, version);
      const body = await evidence.get(chosen.evidence.sha256, 'html');
      if (!body) throw new AppError('not_found', 'the raw snapshot of this version is not kept any more');
      await auditEvidence(viewer, id, {
        kind: 'html',
        version: chosen.version,
        sha256: chosen.evidence.sha256,
      });
      return {
        sha256: chosen.evidence.sha256,
        html: new TextDecoder('utf-8', { fatal: false }).decode(body),
        fetchedAt: chosen.evidence.fetchedAt,
        finalUrl: chosen.evidence.finalUrl,
      };
    },

    async screenshot(viewer, id, version) {
      const { chosen, evidence } = await versionEvidence(viewer, id, version);
      const sha = chosen.evidence.screenshotSha256;
      const png = sha ? await evidence.get(sha, 'png') : null;
      if (!sha || !png) throw new AppError('not_found', 'no screenshot for this version');
      await auditEvidence(viewer, id, { kind: 'png', version: chosen.version, sha256: sha });
      return png;
    },
  };
}
