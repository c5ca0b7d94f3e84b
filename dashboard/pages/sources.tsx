import { sourceHealth, type CrawlRun, type SourceHealth } from '../../domain/index.ts';
import { formatDate } from '../components/bits.tsx';
import type { Translate } from '../i18n.ts';

/** One source as the sources page shows it. */
export interface SourceRow {
  id: string;
  name: string;
  kind: string;
  paused: boolean;
  runs: CrawlRun[];
}

const HEALTH_LABEL = {
  unknown: 'neverRun',
  ok: 'healthy',
  failing: 'failing',
  unhealthy: 'unhealthy',
} as const;
const HEALTH_BADGE: Record<SourceHealth, string> = {
  unknown: '',
  ok: 'status-confirmed',
  failing: 'status-dismissed',
  unhealthy: 'status-escalated',
};

function errorSummary(run: CrawlRun): string {
  const counts = Object.entries(run.stats.errors)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([kind, n]) => `${kind}: ${n}`);
  return [run.error?.slice(0, 300), counts.join(', ')].filter(Boolean).join(' · ') || '–';
}

/** Sources: health from the last finished run, recent runs with their errors, run now and pause. */
export function SourcesPage(props: { t: Translate; sources: SourceRow[]; canManage: boolean }) {
  const { t } = props;
  return (
    <>
      <h1>{t('sources')}</h1>
      {props.sources.map((s) => {
        const h = sourceHealth(s.runs);
        return (
          <section class="card source" data-testid={`source-${s.id}`} data-health={h}>
            <h2>
              {s.name}{' '}
              <span class="muted">
                ({s.id}, {s.kind})
              </span>
            </h2>
            <p class="actions">
              <span class={`badge ${HEALTH_BADGE[h]}`}>
                {t('health')}: {t(HEALTH_LABEL[h])}
              </span>
              {s.paused ? <span class="badge">{t('paused')}</span> : null}
              {props.canManage ? (
                <>
                  <form method="post" action={`/sources/${encodeURIComponent(s.id)}/run`}>
                    <button type="submit">{t('runNow')}</button>
                  </form>
                  <form method="post" action={`/sources/${encodeURIComponent(s.id)}/pause`}>
                    <input type="hidden" name="paused" value={s.paused ? 'false' : 'true'} />
                    <button type="submit">{s.paused ? t('resume') : t('pause')}</button>
                  </form>
                </>
              ) : null}
            </p>
            <h3>{t('lastRuns')}</h3>
            {s.runs.length === 0 ? (
              <p class="muted">{t('neverRun')}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{t('started')}</th>
                    <th>{t('finished')}</th>
                    <th>{t('status')}</th>
                    <th>{t('pages')}</th>
                    <th>{t('newListings')}</th>
                    <th>{t('changedListings')}</th>
                    <th>{t('errors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.runs.map((r) => (
                    <tr>
                      <td>{formatDate(r.startedAt)}</td>
                      <td>{formatDate(r.finishedAt)}</td>
                      <td>{t(`run.${r.status}`)}</td>
                      <td>{r.stats.pagesFetched}</td>
                      <td>{r.stats.listingsNew}</td>
                      <td>{r.stats.listingsChanged}</td>
                      <td>{errorSummary(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </>
  );
}
