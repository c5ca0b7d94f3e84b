import type { Contact } from '../../domain/index.ts';
import { formatDate, SafeLink } from '../components/bits.tsx';
import type { Translate } from '../i18n.ts';

/** One listing on an actor's timeline. */
export interface ActorListingRow {
  listingId: string;
  title: string;
  sourceId: string;
  url: string;
  firstSeenAt: string;
  alertId: string | null;
}

export interface ActorPageProps {
  t: Translate;
  /** What to call the actor: an id, or a pseudonym for researchers. */
  label: string;
  contacts: Contact[] | null;
  firstSeenAt: string;
  lastSeenAt: string;
  listings: ActorListingRow[];
}

/** An actor: its contacts (hidden for researchers) and the timeline of its listings. */
export function ActorPage(props: ActorPageProps) {
  const { t } = props;
  return (
    <>
      <h1>
        {t('actor')} {props.label}
      </h1>
      <p class="muted">
        {formatDate(props.firstSeenAt)} → {formatDate(props.lastSeenAt)}
      </p>
      <section class="card" data-testid="contacts">
        <h3>{t('contacts')}</h3>
        {props.contacts === null ? (
          <p class="muted">{t('contactsHidden')}</p>
        ) : (
          <ul class="plain">
            {props.contacts.map((c) => (
              <li>
                {c.type}: {c.value}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" data-testid="timeline">
        <h3>{t('timeline')}</h3>
        <ol class="history">
          {props.listings.map((l) => (
            <li>
              {formatDate(l.firstSeenAt)} ·{' '}
              {l.alertId ? (
                <a href={`/alerts/${encodeURIComponent(l.alertId)}`}>{l.title.slice(0, 160)}</a>
              ) : (
                l.title.slice(0, 160)
              )}{' '}
              <span class="muted">({l.sourceId})</span> {l.url ? <SafeLink href={l.url}>↗</SafeLink> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
