import type { Translate } from '../i18n.ts';
import type { QueueFilters } from '../pages/queue.tsx';

/** The queue's filter form (GET): empty fields mean "any". */
export function Filters(props: {
  t: Translate;
  filters: QueueFilters;
  sources: { id: string; name: string }[];
}) {
  const { t, filters } = props;
  return (
    <form method="get" action="/" class="filters" role="search">
      {filters.status ? <input type="hidden" name="status" value={filters.status} /> : null}
      <label>
        {t('search')}
        <input type="search" name="q" value={filters.q ?? ''} maxlength={200} />
      </label>
      <label>
        {t('label')}
        <select name="label">
          <option value="">{t('any')}</option>
          <option value="market" selected={filters.label === 'market'}>
            {t('label.market')}
          </option>
          <option value="production" selected={filters.label === 'production'}>
            {t('label.production')}
          </option>
        </select>
      </label>
      <label>
        {t('source')}
        <select name="sourceId">
          <option value="">{t('all')}</option>
          {props.sources.map((s) => (
            <option value={s.id} selected={filters.sourceId === s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('substance')}
        <input name="substance" value={filters.substance ?? ''} maxlength={60} size={10} />
      </label>
      <label>
        {t('commune')}
        <input name="commune" value={filters.commune ?? ''} maxlength={60} size={12} />
      </label>
      <label>
        {t('assignee')}
        <select name="assignee">
          <option value="">{t('all')}</option>
          <option value="me" selected={filters.assignee === 'me'}>
            {t('mine')}
          </option>
          <option value="none" selected={filters.assignee === 'none'}>
            {t('unassigned')}
          </option>
        </select>
      </label>
      <label>
        {t('tags')}
        <input name="tag" value={filters.tag ?? ''} maxlength={40} size={8} />
      </label>
      <label>
        {t('createdFrom')}
        <input type="date" name="from" value={filters.from ?? ''} />
      </label>
      <label>
        {t('createdTo')}
        <input type="date" name="to" value={filters.to ?? ''} />
      </label>
      <label>
        {t('minScore')}
        <input type="number" name="minScore" min="0" max="1" step="0.05" value={filters.minScore ?? ''} />
      </label>
      <label>
        {t('sort')}
        <select name="sort">
          <option value="newest" selected={filters.sort === 'newest'}>
            {t('sortNewest')}
          </option>
          <option value="priority" selected={filters.sort === 'priority'}>
            {t('sortPriority')}
          </option>
          <option value="score" selected={filters.sort === 'score'}>
            {t('sortScore')}
          </option>
        </select>
      </label>
      <button type="submit">{t('filter')}</button>
      <a href="/">{t('reset')}</a>
    </form>
  );
}
