import type { Alert, AlertStatus, SignalLabel } from '../../domain/index.ts';
import type { Translate } from '../i18n.ts';

/** An alert as list pages draw it: no explanation (lists get summaries), a URL or '' (researchers). */
export type ListedAlert = Omit<Alert, 'explanation'>;

/** A score in [0, 1] as a two-decimal string. */
export function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(2) : '–';
}

/** An ISO date as "YYYY-MM-DD HH:MM" (UTC), or a dash. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  return iso.replace('T', ' ').slice(0, 16);
}

/**
 * A crawled URL as a link only when it is http(s); anything else (`javascript:`, `data:`…) is
 * shown as inert text.
 */
export function SafeLink(props: { href: string; children?: unknown }) {
  let safe = false;
  try {
    const url = new URL(props.href);
    safe = url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    safe = false;
  }
  const label = (props.children as string | undefined) ?? props.href;
  if (!safe) return <span class="unsafe-link">{label}</span>;
  return (
    <a href={props.href} rel="noopener noreferrer nofollow" target="_blank" referrerpolicy="no-referrer">
      {label}
    </a>
  );
}

/** A status as a coloured badge. */
export function StatusBadge(props: { status: AlertStatus; t: Translate }) {
  return <span class={`badge status-${props.status}`}>{props.t(`status.${props.status}`)}</span>;
}

/** Labels as badges. */
export function LabelBadges(props: { labels: readonly SignalLabel[]; t: Translate }) {
  return (
    <>
      {props.labels.map((l) => (
        <span class={`badge ${l}`}>{props.t(`label.${l}`)}</span>
      ))}
    </>
  );
}

/** The higher of the two scores: what the queue sorts and filters on. */
export function topScore(scores: { market: number; production: number }): number {
  return Math.max(scores.market, scores.production);
}
