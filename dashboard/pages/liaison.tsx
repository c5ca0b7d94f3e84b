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

/** The police liaison inbox: escalated alerts, each with an acknowledge button. */
export function LiaisonPage(props: { t: Translate; alerts: ListedAlert[]; canAcknowledge: boolean }) {
  const { t } = props;
  return (
    <>
      <h1>{t('liaisonInbox')}</h1>
      {props.alerts.length === 0 ? (
        <p data-testid="empty-inbox">{t('noEscalated')}</p>
      ) : (
        <table data-testid="liaison-inbox">
          <thead>
            <tr>
              <th>{t('score')}</th>
              <th>{t('label')}</th>
              <th>{t('title')}</th>
              <th>{t('commune')}</th>
              <th>{t('status')}</th>
              <th>{t('updated')}</th>
              <th>{t('link')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.alerts.map((a) => (
              <tr class="inbox-row" data-id={a.id} data-status={a.status}>
                <td>{formatScore(topScore(a.scores))}</td>
                <td>
                  <LabelBadges labels={a.labels} t={t} />
                </td>
                <td>
                  <a href={`/alerts/${encodeURIComponent(a.id)}`}>{a.title.slice(0, 200)}</a>
                </td>
                <td>{a.commune ?? '–'}</td>
                <td>
                  <StatusBadge status={a.status} t={t} />
                </td>
                <td>{formatDate(a.updatedAt)}</td>
                <td>
                  <SafeLink href={a.url}>{t('openListing')}</SafeLink>
                </td>
                <td>
                  {props.canAcknowledge && a.status === 'escalated' ? (
                    <form method="post" action={`/alerts/${encodeURIComponent(a.id)}/acknowledge`}>
                      <input type="hidden" name="status" value="acknowledged" />
                      <input type="hidden" name="version" value={String(a.version)} />
                      <input type="hidden" name="back" value="/liaison" />
                      <button type="submit" data-testid="acknowledge">
                        {t('acknowledge')}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
