import { EmptyState, ErrorBanner } from '../components/Banner';
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
      <form class="audit-filters row" onSubmit={(e) => e.preventDefault()} aria-label={tr('filters')}>
        <label>
          {tr('person')}{' '}
          <select value={filters.person} data-testid="audit-person" onChange={(e) => void store.change({ person: e.currentTarget.value })}>
            <option value="">{tr('everyone')}</option>
            {persons.map((person) => (
              <option key={person} value={person}>{person}</option>
            ))}
          </select>
        </label>
        <label>
          {tr('kind')}{' '}
          <select value={filters.kind} data-testid="audit-kind" onChange={(e) => void store.change({ kind: e.currentTarget.value })}>
            <option value="">{tr('allKinds')}</option>
            {AUDIT_KINDS.map((kind) => (
              <option key={kind} value={kind}>{tr(`kind.${kind}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {tr('from')} <input type="date" value={filters.from} data-testid="audit-from" onChange={(e) => void store.change({ from: e.currentTarget.value })} />
        </label>
        <label>
          {tr('to')} <input type="date" value={filters.to} data-testid="audit-to" onChange={(e) => void store.change({ to: e.currentTarget.value })} />
        </label>
        <button type="button" data-testid="audit-export" onClick={() => void store.exportCsv()}>{tr('export')}</button>
      </form>
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
