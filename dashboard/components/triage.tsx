import type { Alert, AlertStatus } from '../../domain/index.ts';
import type { Translate } from '../i18n.ts';
import { DismissReasons } from './dismiss-reasons.tsx';

/** The form route for a target status: escalation and acknowledgement have their own permissions. */
export function actionPath(alertId: string, status: AlertStatus): string {
  const verb = status === 'escalated' ? 'escalate' : status === 'acknowledged' ? 'acknowledge' : 'triage';
  return `/alerts/${encodeURIComponent(alertId)}/${verb}`;
}

function StatusForm(props: {
  alert: Alert;
  status: AlertStatus;
  label: string;
  hotkey?: string;
  back: string;
}) {
  return (
    <form method="post" action={actionPath(props.alert.id, props.status)} data-key={props.hotkey}>
      <input type="hidden" name="status" value={props.status} />
      <input type="hidden" name="version" value={String(props.alert.version)} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" data-testid={`action-${props.status}`}>
        {props.label}
      </button>
    </form>
  );
}

/** The status changes this viewer may make, each a small form (c, e, a, d keys on the page). */
export function TriageButtons(props: {
  t: Translate;
  alert: Alert;
  transitions: AlertStatus[];
  back: string;
}) {
  const { t, alert, transitions, back } = props;
  const simple: { status: AlertStatus; label: string; key?: string }[] = [
    { status: 'in_review', label: t('startReview') },
    { status: 'confirmed', label: t('confirm'), key: 'c' },
    { status: 'escalated', label: t('escalate'), key: 'e' },
    { status: 'acknowledged', label: t('acknowledge'), key: 'a' },
    { status: 'new', label: t('status.new') },
  ];
  return (
    <div class="actions" data-testid="triage-actions">
      {simple
        .filter((s) => transitions.includes(s.status))
        .map((s) => (
          <StatusForm alert={alert} status={s.status} label={s.label} hotkey={s.key} back={back} />
        ))}
      {transitions.includes('dismissed') ? (
        <form method="post" action={actionPath(alert.id, 'dismissed')} data-key="d">
          <input type="hidden" name="status" value="dismissed" />
          <input type="hidden" name="version" value={String(alert.version)} />
          <input type="hidden" name="back" value={back} />
          <DismissReasons t={t} />
          <button type="submit" data-testid="action-dismissed">
            {t('dismiss')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** Who handles the alert and its tags; analysts assign themselves and edit tags here. */
export function Assignment(props: {
  t: Translate;
  alert: Alert;
  userNames: Record<string, string>;
  canTriage: boolean;
  viewerId: string;
}) {
  const { t, alert } = props;
  const action = `/alerts/${encodeURIComponent(alert.id)}/assign`;
  const assignee = alert.assignee ? (props.userNames[alert.assignee] ?? alert.assignee) : t('nobody');
  return (
    <div class="actions" data-testid="assignment">
      <span>
        {t('assignee')}: <strong data-testid="assignee">{assignee}</strong>
      </span>
      {props.canTriage ? (
        <form method="post" action={action}>
          <input type="hidden" name="version" value={String(alert.version)} />
          <input
            type="hidden"
            name="assignee"
            value={alert.assignee === props.viewerId ? '' : props.viewerId}
          />
          <button type="submit">{alert.assignee === props.viewerId ? t('unassign') : t('assignToMe')}</button>
        </form>
      ) : null}
      <span>
        {t('tags')}:{' '}
        {props.canTriage ? (
          <form method="post" action={`/alerts/${encodeURIComponent(alert.id)}/tags`}>
            <input type="hidden" name="version" value={String(alert.version)} />
            <input name="tags" value={alert.tags.join(', ')} maxlength={400} aria-label={t('tags')} />
            <button type="submit">{t('save')}</button>
          </form>
        ) : (
          <span data-testid="tags">{alert.tags.join(', ') || '–'}</span>
        )}
      </span>
    </div>
  );
}
