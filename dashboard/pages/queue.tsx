import type { AlertStatus } from '../../domain/index.ts';
import { alertStatusSchema } from '../../domain/index.ts';
import {
  formatDate,
  formatScore,
  LabelBadges,
  type ListedAlert,
  SafeLink,
  StatusBadge,
  topScore,
} from '../components/bits.tsx';
import type { Translate } from '../i18n.ts';
import { DismissReasons } from '../components/dismiss-reasons.tsx';
import { Filters } from '../components/queue-filters.tsx';

export const queueSorts = ['newest', 'priority', 'score'] as const;
export type QueueSort = (typeof queueSorts)[number];

/** The queue's filters as read from the query string (already validated). */
export interface QueueFilters {
  status?: AlertStatus;
  label?: 'market' | 'production';
  sourceId?: string;
  substance?: string;
  commune?: string;
  minScore?: number;
  q?: string;
  assignee?: 'me' | 'none';
  tag?: string;
  /** Creation dates, YYYY-MM-DD (UTC days, inclusive). */
  from?: string;
  to?: string;
  sort: QueueSort;
}

export interface QueuePageProps {
  t: Translate;
  alerts: ListedAlert[];
  counts: Partial<Record<AlertStatus, number>>;
  filters: QueueFilters;
  sources: { id: string; name: string }[];
  nextCursor: string | null;
  /** Where triage forms come back to. */
  back: string;
  canTriage: boolean;
}

/** Query string for the queue with some filters changed (cursor dropped). */
export function queueHref(
  filters: QueueFilters,
  change: Partial<QueueFilters> & { cursor?: string },
): string {
  const merged: Record<string, unknown> = { ...filters, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === '' || (k === 'sort' && v === 'newest')) continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `/?${qs}` : '/';
}

/** An alert's page, remembering the queue view to come back to. */
function detailHref(id: string, back: string): string {
  return back === '/'
    ? `/alerts/${encodeURIComponent(id)}`
    : `/alerts/${encodeURIComponent(id)}?back=${encodeURIComponent(back)}`;
}

function Counts(props: { t: Translate; counts: QueuePageProps['counts']; filters: QueueFilters }) {
  const { t, counts, filters } = props;
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <ul class="counts" data-testid="status-counts">
      <li>
        <a href={queueHref(filters, { status: undefined })} class={filters.status ? '' : 'active'}>
          {t('all')} <strong>{total}</strong>
        </a>
      </li>
      {alertStatusSchema.options.map((s) => (
        <li>
          <a
            href={queueHref(filters, { status: s })}
            class={filters.status === s ? 'active' : ''}
            data-status={s}
          >
            {t(`status.${s}`)} <strong>{counts[s] ?? 0}</strong>
          </a>
        </li>
      ))}
    </ul>
  );
}

function TriageTools(props: { t: Translate; back: string }) {
  const { t } = props;
  return (
    <>
      <form id="row-action" method="post" hidden>
        <input type="hidden" name="status" value="" />
        <input type="hidden" name="version" value="" />
        <input type="hidden" name="reason" value="" />
        <input type="hidden" name="back" value={props.back} />
      </form>
      <dialog id="dismiss-dialog" aria-labelledby="dismiss-title">
        <form method="dialog">
          <h3 id="dismiss-title">{t('dismissReason')}</h3>
          <DismissReasons t={t} />
          <div class="actions">
            <button type="submit" data-testid="dismiss-submit">
              {t('dismiss')}
            </button>
            <button type="button" data-cancel>
              {t('cancel')}
            </button>
          </div>
        </form>
      </dialog>
      <form id="bulk-form" method="post" action="/alerts/bulk" class="actions card">
        <input type="hidden" name="back" value={props.back} />
        <strong>{t('bulkActions')}</strong>
        <span>
          <span id="selected-count">0</span> {t('selected')}
        </span>
        <select name="status" aria-label={t('bulkActions')}>
          <option value="in_review">{t('startReview')}</option>
          <option value="confirmed">{t('confirm')}</option>
          <option value="dismissed">{t('dismiss')}</option>
          <option value="escalated">{t('escalate')}</option>
        </select>
        <span class="bulk-reason">
          <DismissReasons t={t} />
        </span>
        <button type="submit">{t('apply')}</button>
      </form>
    </>
  );
}

/** The alert queue: counts per status, filters, the table, keyboard triage and bulk actions. */
export function QueuePage(props: QueuePageProps) {
  const { t, alerts, filters } = props;
  return (
    <>
      <h1>{t('alerts')}</h1>
      <Counts t={t} counts={props.counts} filters={filters} />
      <Filters t={t} filters={filters} sources={props.sources} />
      {props.canTriage ? (
        <>
          <p class="help">{t('keyboardHelp')}</p>
          <TriageTools t={t} back={props.back} />
        </>
      ) : null}
      {alerts.length === 0 ? (
        <p data-testid="empty-queue">{t('noAlerts')}</p>
      ) : (
        <table id="alert-queue" data-testid="alert-queue">
          <thead>
            <tr>
              {props.canTriage ? <th>{t('select')}</th> : null}
              <th>{t('score')}</th>
              <th>{t('priority')}</th>
              <th>{t('label')}</th>
              <th>{t('title')}</th>
              <th>{t('source')}</th>
              <th>{t('commune')}</th>
              <th>{t('status')}</th>
              <th>{t('created')}</th>
              <th>{t('link')}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr
                class="alert-row"
                data-id={a.id}
                data-version={String(a.version)}
                data-status={a.status}
                data-href={detailHref(a.id, props.back)}
                data-triage={`/alerts/${encodeURIComponent(a.id)}/triage`}
                data-escalate={`/alerts/${encodeURIComponent(a.id)}/escalate`}
              >
                {props.canTriage ? (
                  <td>
                    <input
                      type="checkbox"
                      class="row-select"
                      name="ids"
                      form="bulk-form"
                      value={`${a.id}:${a.version}`}
                      aria-label={t('select')}
                    />
                  </td>
                ) : null}
                <td class="score">{formatScore(topScore(a.scores))}</td>
                <td>{Math.round(a.priority)}</td>
                <td>
                  <LabelBadges labels={a.labels} t={t} />
                </td>
                <td>
                  <a href={detailHref(a.id, props.back)} class="alert-title">
                    {a.title.slice(0, 200)}
                  </a>
                </td>
                <td>{a.sourceId}</td>
                <td>{a.commune ?? '–'}</td>
                <td>
                  <StatusBadge status={a.status} t={t} />
                </td>
                <td>{formatDate(a.createdAt)}</td>
                <td>{a.url ? <SafeLink href={a.url}>{t('openListing')}</SafeLink> : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextCursor ? (
        <p>
          <a href={queueHref(filters, { cursor: props.nextCursor })} rel="next">
            {t('next')}
          </a>
        </p>
      ) : null}
    </>
  );
}
