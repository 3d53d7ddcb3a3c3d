import { EmptyState, ErrorBanner } from '../components/Banner';
import { FilterBar, FilterDate, FilterSelect } from '../components/FilterBar';
import { formatDateTime, translator } from '../i18n';
import { AUDIT_KINDS, type AuditStore } from './store';

const tr = translator('audit');

/** The audit trail: newest first, filtered by person, kind and days, exported as CSV. Nothing here changes it. */
export function AuditPage({ store }: { store: AuditStore }) {
  const filters = store.filters.value;
  const persons = [...new Set(store.people.value.values())].sort();
  return (
    <div class="audit" data-testid="audit">
      <div class="board-top">
        <div>
          <h1>{tr('title')}</h1>
          <p class="muted small">{tr('subtitle')}</p>
        </div>
        <nav class="row" aria-label={tr('nav')}>
          <a href="/reports" class="button-link">{tr('reports')}</a>
        </nav>
      </div>
      <FilterBar className="audit-filters" label={tr('filters')}>
        <FilterSelect label={tr('person')} value={filters.person} testId="audit-person" onChange={(person) => void store.change({ person })}
          options={[{ value: '', label: tr('everyone') }, ...persons.map((person) => ({ value: person, label: person }))]} />
        <FilterSelect label={tr('kind')} value={filters.kind} testId="audit-kind" onChange={(kind) => void store.change({ kind })}
          options={[{ value: '', label: tr('allKinds') }, ...AUDIT_KINDS.map((kind) => ({ value: kind, label: tr(`kind.${kind}`) }))]} />
        <FilterDate label={tr('from')} value={filters.from} testId="audit-from" onChange={(from) => void store.change({ from })} />
        <FilterDate label={tr('to')} value={filters.to} testId="audit-to" onChange={(to) => void store.change({ to })} />
        <button type="button" data-testid="audit-export" onClick={() => void store.exportCsv()}>{tr('export')}</button>
      </FilterBar>
      <ErrorBanner id="audit-error" testId="audit-error" message={store.error.value} />
      {store.entries.value.length === 0 && !store.loading.value ? <EmptyState testId="audit-empty" text={tr('empty')} /> : null}
      {store.entries.value.length > 0 ? (
        <div class="table-scroll">
          <table class="report-table audit-table">
            <thead>
              <tr>
                <th>{tr('when')}</th>
                <th>{tr('kind')}</th>
                <th>{tr('actor')}</th>
                <th>{tr('subject')}</th>
                <th>{tr('details')}</th>
              </tr>
            </thead>
            <tbody>
              {store.entries.value.map((entry) => (
                <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                  <td>{formatDateTime(Date.parse(entry.at))}</td>
                  <td>{AUDIT_KINDS.includes(entry.action) ? tr(`kind.${entry.action}`) : entry.action}</td>
                  <td>{entry.actorDeviceId === null ? tr('system') : store.name(entry.actorDeviceId)}</td>
                  <td>{store.name(entry.subjectDeviceId)}</td>
                  <td class="audit-details"><code>{JSON.stringify(entry.details)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {store.loading.value ? <p class="muted">{tr('loading')}</p> : null}
      {store.more.value && !store.loading.value ? (
        <button type="button" data-testid="audit-older" onClick={() => void store.older()}>{tr('older')}</button>
      ) : null}
    </div>
  );
}
