import { useEffect, useState } from 'preact/hooks';
import { translator } from '../i18n';
import type { Team } from '../lib/routingTypes';
import { fieldAria, FieldError } from './parts';
import { DEFAULT_SCOPE, MAX_PERIODS, timeZones, WEEKDAYS, type ServiceLevelsStore, type SlaDraft, type SlaField } from './serviceLevels';

const tr = translator('serviceLevels');

/** Edited in minutes, so fractions are fine; every other number is whole (seconds or a percent). */
const SLA_TARGETS: SlaField[] = ['firstResponseSeconds', 'nextResponseSeconds', 'resolutionSeconds'];

const value = (event: Event) => (event.currentTarget as HTMLInputElement).value;

function NumberField({ store, id, field, draftKey, label, help, readOnly }: { store: ServiceLevelsStore; id: string; field: SlaField; draftKey: keyof SlaDraft; label: string; help: string; readOnly: boolean }) {
  const error = store.fieldErrors.value[field];
  return (
    <label for={id}>
      {label}
      <input
        id={id}
        data-testid={id}
        type="number"
        min={1}
        step={SLA_TARGETS.includes(field) ? 'any' : 1}
        class="settings-number"
        value={store.draft.value![draftKey] as string}
        readOnly={readOnly}
        {...fieldAria(id, error, `${id}-help`)}
        onInput={(event) => store.edit({ [draftKey]: value(event) })}
      />
      <small class="muted" id={`${id}-help`}>
        {help}
      </small>
      <FieldError id={id} message={error} />
    </label>
  );
}

/**
 * Settings → Service levels: the time zone, business hours, holidays, SLA targets and alert thresholds of the
 * default or of one team (protocol §15). Every business device may read them; owners and admins change them.
 */
export function ServiceLevelsSection({ store, teams, admin }: { store: ServiceLevelsStore; teams: Team[]; admin: boolean }) {
  const [focus, setFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!focus) return;
    document.getElementById(focus)?.focus();
    setFocus(null);
  }, [focus]);
  const draft = store.draft.value;
  const errors = store.fieldErrors.value;
  const scope = store.scope.value;
  const readOnly = !admin;
  const zones = draft ? timeZones(draft.timeZone) : null;

  const form = draft && (
    <form
      id="sla-form"
      // The browser's own bubbles for min/step would stop the submit before the store's translated field errors.
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if (!(await store.save())) setFocus(document.querySelector('#sla-form [aria-invalid="true"]')?.id ?? 'sla-error');
      }}
    >
      {scope !== DEFAULT_SCOPE && (
        <p class="muted small" id="sla-own" data-testid="sla-own">
          {store.own.value ? tr('team.own') : tr('team.usesDefault')}
        </p>
      )}
      <label for="sla-timezone">
        {tr('timeZone')}
        {zones && !readOnly ? (
          <select id="sla-timezone" data-testid="sla-timezone" value={draft.timeZone} {...fieldAria('sla-timezone', errors.timeZone)} onChange={(event) => store.edit({ timeZone: value(event) })}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        ) : (
          <input id="sla-timezone" data-testid="sla-timezone" value={draft.timeZone} readOnly={readOnly} autocomplete="off" {...fieldAria('sla-timezone', errors.timeZone)} onInput={(event) => store.edit({ timeZone: value(event) })} />
        )}
        <FieldError id="sla-timezone" message={errors.timeZone} />
      </label>

      <fieldset class="sla-hours">
        <legend>{tr('hours.title')}</legend>
        <label class="checkbox" for="sla-limited">
          <input id="sla-limited" data-testid="sla-limited" type="checkbox" checked={draft.limitedHours} disabled={readOnly} onChange={(event) => store.edit({ limitedHours: (event.currentTarget as HTMLInputElement).checked })} />
          {tr('hours.limited')}
        </label>
        {!draft.limitedHours ? (
          <p class="muted small" data-testid="sla-always-open">
            {tr('hours.alwaysOpen')}
          </p>
        ) : (
          <>
            <ul class="settings-list">
              {WEEKDAYS.map((day) => {
                const rows = draft.days[day];
                const dayName = tr(`day.${day}`);
                return (
                  <li key={day} class="settings-row" data-testid={`sla-day-${day}`}>
                    <strong id={`sla-day-${day}-name`}>{dayName}</strong>
                    {rows.length === 0 && <span class="muted small"> {tr('hours.closed')}</span>}
                    {rows.map((row, index) => {
                      const id = (part: string) => `sla-${day}-${part}-${row.key}`;
                      return (
                        <div class="row" key={row.key} data-testid="sla-period">
                          <label for={id('from')}>
                            {tr('hours.from')}
                            <input id={id('from')} data-testid="sla-from" class="settings-number" placeholder="09:00" value={row.from} readOnly={readOnly} inputMode="numeric" aria-invalid={errors[day] ? 'true' : undefined} aria-describedby={errors[day] ? `sla-day-${day}-error` : undefined} onInput={(event) => store.editPeriod(day, row.key, { from: value(event) })} />
                          </label>
                          <label for={id('to')}>
                            {tr('hours.to')}
                            <input id={id('to')} data-testid="sla-to" class="settings-number" placeholder="17:00" value={row.to} readOnly={readOnly} inputMode="numeric" aria-invalid={errors[day] ? 'true' : undefined} aria-describedby={errors[day] ? `sla-day-${day}-error` : undefined} onInput={(event) => store.editPeriod(day, row.key, { to: value(event) })} />
                          </label>
                          {!readOnly && (
                            <button
                              type="button"
                              class="danger"
                              data-testid="sla-period-remove"
                              aria-label={tr('hours.removeAria', { day: dayName, number: index + 1 })}
                              onClick={() => {
                                store.removePeriod(day, row.key);
                                setFocus(`sla-add-${day}`);
                              }}
                            >
                              {tr('remove')}
                            </button>
                          )}
                        </div>
                      );
                    })}
                    <FieldError id={`sla-day-${day}`} message={errors[day]} />
                    {!readOnly && (
                      <button
                        type="button"
                        id={`sla-add-${day}`}
                        data-testid={`sla-add-${day}`}
                        disabled={rows.length >= MAX_PERIODS}
                        aria-label={tr('hours.addAria', { day: dayName })}
                        onClick={() => {
                          const key = store.addPeriod(day);
                          if (key) setFocus(`sla-${day}-from-${key}`);
                        }}
                      >
                        {tr('hours.add')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
            <h3 id="sla-holidays-title">{tr('holidays.title')}</h3>
            {draft.holidays.length === 0 && (
              <p class="muted small" data-testid="sla-holidays-empty">
                {tr('holidays.none')}
              </p>
            )}
            <ul class="settings-list" aria-labelledby="sla-holidays-title">
              {draft.holidays.map((row, index) => (
                <li key={row.key} class="row" data-testid="sla-holiday">
                  <label for={`sla-holiday-${row.key}`}>
                    {tr('holidays.date', { number: index + 1 })}
                    <input id={`sla-holiday-${row.key}`} data-testid="sla-holiday-date" type="date" value={row.date} readOnly={readOnly} aria-invalid={errors.holidays ? 'true' : undefined} aria-describedby={errors.holidays ? 'sla-holidays-error' : undefined} onInput={(event) => store.editHoliday(row.key, value(event))} />
                  </label>
                  {!readOnly && (
                    <button
                      type="button"
                      class="danger"
                      data-testid="sla-holiday-remove"
                      aria-label={tr('holidays.removeAria', { date: row.date || index + 1 })}
                      onClick={() => {
                        store.removeHoliday(row.key);
                        setFocus('sla-holiday-add');
                      }}
                    >
                      {tr('remove')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <FieldError id="sla-holidays" message={errors.holidays} />
            {!readOnly && (
              <button type="button" id="sla-holiday-add" data-testid="sla-holiday-add" onClick={() => setFocus(`sla-holiday-${store.addHoliday()}`)}>
                {tr('holidays.add')}
              </button>
            )}
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{tr('targets.title')}</legend>
        <NumberField store={store} id="sla-first" field="firstResponseSeconds" draftKey="firstResponseMinutes" label={tr('targets.first')} help={tr('targets.help')} readOnly={readOnly} />
        <NumberField store={store} id="sla-next" field="nextResponseSeconds" draftKey="nextResponseMinutes" label={tr('targets.next')} help={tr('targets.help')} readOnly={readOnly} />
        <NumberField store={store} id="sla-resolution" field="resolutionSeconds" draftKey="resolutionMinutes" label={tr('targets.resolution')} help={tr('targets.help')} readOnly={readOnly} />
      </fieldset>

      <fieldset>
        <legend>{tr('level.title')}</legend>
        <NumberField store={store} id="sla-level" field="serviceLevelSeconds" draftKey="serviceLevelSeconds" label={tr('level.threshold')} help={tr('level.thresholdHelp')} readOnly={readOnly} />
        <label class="checkbox" for="sla-exclude-short">
          <input id="sla-exclude-short" data-testid="sla-exclude-short" type="checkbox" checked={draft.excludeShortAbandons} disabled={readOnly} onChange={(event) => store.edit({ excludeShortAbandons: (event.currentTarget as HTMLInputElement).checked })} />
          {tr('level.excludeShort')}
        </label>
        {draft.excludeShortAbandons ? (
          <NumberField store={store} id="sla-short-abandon" field="shortAbandonSeconds" draftKey="shortAbandonSeconds" label={tr('level.shortSeconds')} help={tr('level.shortHelp')} readOnly={readOnly} />
        ) : (
          <p class="muted small" data-testid="sla-includes-short">
            {tr('level.includesShort')}
          </p>
        )}
      </fieldset>

      <fieldset>
        <legend>{tr('alerts.title')}</legend>
        <NumberField store={store} id="sla-wait-warning" field="waitWarningSeconds" draftKey="waitWarningSeconds" label={tr('alerts.waitWarning')} help={tr('alerts.secondsHelp')} readOnly={readOnly} />
        <NumberField store={store} id="sla-wait-critical" field="waitCriticalSeconds" draftKey="waitCriticalSeconds" label={tr('alerts.waitCritical')} help={tr('alerts.secondsHelp')} readOnly={readOnly} />
        <NumberField store={store} id="sla-warning-percent" field="slaWarningPercent" draftKey="slaWarningPercent" label={tr('alerts.slaWarning')} help={tr('alerts.percentHelp')} readOnly={readOnly} />
      </fieldset>

      {!readOnly && (
        <div class="row">
          <button type="submit" class="primary" id="sla-save" data-testid="sla-save" disabled={store.saving.value}>
            {tr('save')}
          </button>
          {scope !== DEFAULT_SCOPE && store.own.value && (
            <button type="button" id="sla-use-default" data-testid="sla-use-default" disabled={store.saving.value} onClick={async () => void ((await store.useDefault()) && setFocus('sla-scope'))}>
              {tr('useDefault')}
            </button>
          )}
          <span class="muted small" hidden={!store.dirty.value} data-testid="sla-dirty">
            {tr('unsaved')}
          </span>
        </div>
      )}
    </form>
  );

  return (
    <section class="card settings-section" id="service-levels" aria-labelledby="service-levels-title">
      <h2 id="service-levels-title">{tr('title')}</h2>
      <p class="muted small">{tr('intro')}</p>
      {readOnly && <p class="muted small" data-testid="sla-readonly">{tr('readonly')}</p>}
      <label for="sla-scope">
        {tr('scope')}
        <select id="sla-scope" data-testid="sla-scope" value={scope} onChange={(event) => void store.load((event.currentTarget as HTMLSelectElement).value)}>
          <option value={DEFAULT_SCOPE}>{tr('scope.default')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <p class="error" id="sla-error" role="alert" tabIndex={-1} hidden={!store.error.value} data-testid={store.error.value ? 'sla-error' : undefined}>
        {store.error.value}
      </p>
      <div id="sla-body" aria-busy={store.loading.value ? 'true' : undefined}>
        {store.loading.value ? <p class="muted">{tr('loading')}</p> : form}
      </div>
      <p class="settings-status small" id="sla-status" role="status" aria-live="polite" data-testid="sla-status">
        {store.saved.value}
      </p>
    </section>
  );
}
