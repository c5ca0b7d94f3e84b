import type { Alert, AlertComment, AlertHistoryEntry, AlertStatus } from '../../domain/index.ts';
import { formatDate, formatScore, LabelBadges, SafeLink, StatusBadge } from '../components/bits.tsx';
import { HighlightedText } from '../components/highlighted-text.tsx';
import type { Translate } from '../i18n.ts';
import { Assignment, TriageButtons } from '../components/triage.tsx';

/** A listing related to the alert (same actor or same repost group). */
export interface RelatedListing {
  listingId: string;
  title: string;
  sourceId: string;
  url: string;
  /** The listing's alert, when it has one, to link to. */
  alertId: string | null;
}

export interface AlertDetailProps {
  t: Translate;
  alert: Alert;
  /** The text of the listing version the scores come from. */
  listing: { title: string; text: string; fields: Record<string, string> };
  /** False: the viewer's role may not see contacts (researchers see pseudonyms only). */
  contactsVisible: boolean;
  evidence: { raw: boolean; screenshot: boolean } | null;
  /** Whether the explanation's spans can be drawn (pseudonymised text has shifted offsets). */
  highlight: boolean;
  priority: { score: number; factors: { factor: string; points: number; detail: string }[] };
  canSeeActor: boolean;
  actor: { id: string; label: string; listings: RelatedListing[] } | null;
  group: RelatedListing[];
  history: AlertHistoryEntry[];
  comments: AlertComment[];
  /** User ids → display names for history and comments. */
  userNames: Record<string, string>;
  /** Target statuses this viewer may move the alert to. */
  transitions: AlertStatus[];
  canComment: boolean;
  /** Assignment and tags (analysts and admins). */
  canTriage: boolean;
  viewerId: string;
  back: string;
}

function Related(props: { title: string; items: RelatedListing[]; t: Translate; testid: string }) {
  return (
    <section class="card" data-testid={props.testid}>
      <h3>{props.title}</h3>
      {props.items.length === 0 ? (
        <p class="muted">{props.t('none')}</p>
      ) : (
        <ul class="plain">
          {props.items.map((r) => (
            <li>
              {r.alertId ? (
                <a href={`/alerts/${encodeURIComponent(r.alertId)}`}>{r.title.slice(0, 160)}</a>
              ) : (
                r.title.slice(0, 160)
              )}{' '}
              {r.sourceId ? <span class="muted">({r.sourceId})</span> : null}{' '}
              {r.url ? <SafeLink href={r.url}>↗</SafeLink> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  return JSON.stringify(value).slice(0, 300);
}

function Evidence(props: { t: Translate; alert: Alert; evidence: AlertDetailProps['evidence'] }) {
  const { t, evidence, alert } = props;
  const base = `/alerts/${encodeURIComponent(alert.id)}/evidence`;
  if (!evidence || (!evidence.raw && !evidence.screenshot))
    return (
      <section class="card" data-testid="evidence">
        <h3>{t('evidence')}</h3>
        <p class="muted">{t('noEvidence')}</p>
      </section>
    );
  return (
    <section class="card" data-testid="evidence">
      <h3>{t('evidence')}</h3>
      {evidence.screenshot ? (
        <p>
          <img class="screenshot" src={`${base}/screenshot`} alt={t('screenshot')} loading="lazy" />
        </p>
      ) : null}
      {evidence.raw ? (
        <>
          <h4>{t('rawSnapshot')}</h4>
          <iframe
            class="raw"
            sandbox=""
            src={`${base}/raw`}
            title={t('rawSnapshot')}
            referrerpolicy="no-referrer"
          />
        </>
      ) : null}
    </section>
  );
}

/** One alert: highlighted text, entities, evidence, related listings, history, comments, triage. */
export function AlertDetailPage(props: AlertDetailProps) {
  const { t, alert } = props;
  return (
    <div id="alert-detail" data-id={alert.id} data-version={String(alert.version)}>
      <p>
        <a href={props.back}>← {props.back.startsWith('/liaison') ? t('navLiaison') : t('navQueue')}</a>
      </p>
      <div class="actions">
        <StatusBadge status={alert.status} t={t} />
        <LabelBadges labels={alert.labels} t={t} />
        <span>
          {t('priority')}: <strong>{props.priority.score}</strong>
        </span>
        <span>
          {t('scores')}: {t('label.market')} {formatScore(alert.scores.market)} · {t('label.production')}{' '}
          {formatScore(alert.scores.production)}
        </span>
      </div>
      <TriageButtons t={t} alert={alert} transitions={props.transitions} back={props.back} />
      <Assignment
        t={t}
        alert={alert}
        userNames={props.userNames}
        canTriage={props.canTriage}
        viewerId={props.viewerId}
      />
      <div class="grid">
        <div>
          <section class="card">
            <HighlightedText
              title={props.listing.title}
              text={props.listing.text}
              explanation={props.highlight ? alert.explanation.filter((e) => e.weight > 0) : []}
            />
            <p class="muted">
              {t('source')}: {alert.sourceId}
              {alert.url ? (
                <>
                  {' '}
                  · <SafeLink href={alert.url}>{t('openListing')}</SafeLink>
                </>
              ) : null}{' '}
              · {t('updated')} {formatDate(alert.updatedAt)}
            </p>
          </section>
          <section class="card">
            <h3>{t('explanation')}</h3>
            <ul class="plain" data-testid="explanation">
              {[...alert.explanation]
                .sort((a, b) => b.weight - a.weight)
                .slice(0, 30)
                .map((e) => (
                  <li>
                    <span class={`badge ${e.label}`}>{t(`label.${e.label}`)}</span> {e.feature} (
                    {e.weight.toFixed(2)})
                  </li>
                ))}
            </ul>
          </section>
          <section class="card" data-testid="priority">
            <h3>
              {t('priority')} {props.priority.score}
            </h3>
            <ul class="plain">
              {props.priority.factors.map((f) => (
                <li>
                  +{f.points} · {f.detail}
                </li>
              ))}
            </ul>
          </section>
          <Evidence t={t} alert={alert} evidence={props.evidence} />
        </div>
        <div>
          <section class="card">
            <dl>
              <dt>{t('substances')}</dt>
              <dd data-testid="substances">{alert.substances.length ? alert.substances.join(', ') : '–'}</dd>
              <dt>{t('commune')}</dt>
              <dd data-testid="commune">{alert.commune ?? '–'}</dd>
              <dt>{t('contacts')}</dt>
              <dd data-testid="contacts">
                {props.contactsVisible ? (
                  alert.contacts.length ? (
                    <ul class="plain">
                      {alert.contacts.map((c) => (
                        <li>
                          {c.type}: {c.value}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    '–'
                  )
                ) : (
                  <span class="muted">{t('contactsHidden')}</span>
                )}
              </dd>
              <dt>{t('actor')}</dt>
              <dd>
                {props.actor && props.canSeeActor ? (
                  <a href={`/actors/${encodeURIComponent(props.actor.id)}`}>{props.actor.label}</a>
                ) : (
                  (props.actor?.label ?? '–')
                )}
              </dd>
            </dl>
          </section>
          <Related
            title={t('actorListings')}
            items={props.actor?.listings ?? []}
            t={t}
            testid="actor-listings"
          />
          <Related title={t('groupListings')} items={props.group} t={t} testid="group-listings" />
          <section class="card" data-testid="history">
            <h3>{t('history')}</h3>
            {props.history.length === 0 ? (
              <p class="muted">{t('noHistory')}</p>
            ) : (
              <ol class="history">
                {props.history.map((h) => (
                  <li>
                    {formatDate(h.at)} ·{' '}
                    {h.actorUserId ? (props.userNames[h.actorUserId] ?? h.actorUserId) : 'Vigie'} · {h.field}:{' '}
                    {show(h.from)} → {show(h.to)}
                    {h.note ? <span class="muted"> ({h.note})</span> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section class="card" data-testid="comments">
            <h3>{t('comments')}</h3>
            {props.comments.length === 0 ? (
              <p class="muted">{t('noComments')}</p>
            ) : (
              <ul class="plain">
                {props.comments.map((cm) => (
                  <li>
                    <strong>{props.userNames[cm.userId] ?? cm.userId}</strong>{' '}
                    <span class="muted">{formatDate(cm.createdAt)}</span>
                    <div class="listing-body">{cm.body}</div>
                  </li>
                ))}
              </ul>
            )}
            {props.canComment ? (
              <form method="post" action={`/alerts/${encodeURIComponent(alert.id)}/comments`}>
                <input type="hidden" name="back" value={props.back} />
                <label>
                  {t('comment')}
                  <textarea name="body" rows={3} maxlength={4000} required></textarea>
                </label>
                <button type="submit">{t('addComment')}</button>
              </form>
            ) : null}
          </section>
        </div>
      </div>
    </div>
  );
}
