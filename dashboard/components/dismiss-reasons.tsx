import { dismissReasonSchema } from '../../domain/index.ts';
import type { Translate } from '../i18n.ts';

/** The short list of reasons an analyst must pick from to dismiss an alert. */
export function DismissReasons(props: { t: Translate; name?: string }) {
  return (
    <select name={props.name ?? 'reason'} aria-label={props.t('reason')}>
      {dismissReasonSchema.options.map((r) => (
        <option value={r}>{props.t(`reason.${r}`)}</option>
      ))}
    </select>
  );
}
