import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { roleLabel } from '../lib/roles';
import type { Team } from '../lib/routingTypes';
import { deleteTeamText, membersOf, policyInfo, policyLabel, POLICIES, stickyText, teamDraftOf, teamWarning, TEAM_NAME_MAX, type TeamField } from '../lib/settingsLogic';
import { confirmDialog } from '../lib/ui';
import { fieldAria, FieldError, SectionCard } from './parts';
import type { SettingsStore } from './store';

function TeamForm({ store, team, onClosed }: { store: SettingsStore; team: Team | null; onClosed: () => void }) {
  const initial = teamDraftOf(team);
  const [name, setName] = useState(initial.name);
  const [policy, setPolicy] = useState<string>(initial.policy);
  const [sticky, setSticky] = useState(initial.sticky);
  const [hours, setHours] = useState(initial.stickyHours);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(team ? membersOf(team, store.agents.value) : []));
  const [fields, setFields] = useState<Partial<Record<TeamField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const hoursInput = useRef<HTMLInputElement>(null);
  const policySelect = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    nameInput.current?.focus();
    nameInput.current?.closest('form')?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [team?.id]);
  const close = () => {
    store.closeTeamForm();
    onClosed();
  };
  const agents = store.agents.value;
  return (
    <form
      class="form wide card panel settings-form"
      id="team-form"
      data-testid="team-form"
      novalidate
      aria-labelledby="team-form-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !document.querySelector('dialog[open]')) {
          event.preventDefault();
          close();
        }
      }}
      onSubmit={async (event) => {
        event.preventDefault();
        setError(null);
        setBusy(true);
        const result = await store.saveTeam({ name, policy, sticky, stickyHours: hours }, selected);
        setBusy(false);
        if (!result) {
          onClosed();
          return;
        }
        setFields(result.fields);
        setError(result.error);
        (result.fields.name ? nameInput : result.fields.policy ? policySelect : result.fields.stickyHours ? hoursInput : nameInput).current?.focus();
      }}
    >
      <h3 id="team-form-title" tabIndex={-1}>
        {team ? t('settings:team.editTitle', { name: team.name }) : t('settings:team.new')}
      </h3>
      <label for="team-name">
        {t('settings:team.name')}
        <input
          ref={nameInput}
          id="team-name"
          data-testid="team-name"
          name="name"
          maxLength={TEAM_NAME_MAX + 20}
          required
          autocomplete="off"
          value={name}
          {...fieldAria('team-name', fields.name)}
          onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)}
        />
        <FieldError id="team-name" message={fields.name} />
      </label>
      <label for="team-policy">
        {t('settings:team.policy')}
        <select
          ref={policySelect}
          id="team-policy"
          data-testid="team-policy"
          name="policy"
          value={policy}
          {...fieldAria('team-policy', fields.policy, 'team-policy-help')}
          onChange={(event) => setPolicy((event.currentTarget as HTMLSelectElement).value)}
        >
          {POLICIES.map((info) => (
            <option key={info.value} value={info.value}>
              {info.label}
            </option>
          ))}
        </select>
        <small id="team-policy-help" class="muted">
          {policyInfo(policy)?.explanation ?? ''}
        </small>
        <FieldError id="team-policy" message={fields.policy} />
      </label>
      <div class="settings-sticky">
        <label class="settings-inline" for="team-sticky">
          <input
            type="checkbox"
            id="team-sticky"
            data-testid="team-sticky"
            name="sticky"
            checked={sticky}
            aria-describedby="team-sticky-help"
            onChange={(event) => setSticky((event.currentTarget as HTMLInputElement).checked)}
          />
          {t('settings:team.sticky')}
        </label>
        <span class="settings-inline">
          {t('settings:team.stickyFor')}
          <input
            ref={hoursInput}
            id="team-sticky-hours"
            data-testid="team-sticky-hours"
            name="stickyHours"
            inputMode="decimal"
            class="settings-number"
            value={hours}
            disabled={!sticky}
            aria-label={t('settings:team.stickyHoursAria')}
            {...(sticky ? fieldAria('team-sticky-hours', fields.stickyHours) : {})}
            onInput={(event) => setHours((event.currentTarget as HTMLInputElement).value)}
          />
          {t('settings:team.hours')}
        </span>
        {sticky && <FieldError id="team-sticky-hours" message={fields.stickyHours} />}
        <small id="team-sticky-help" class="muted">
          {t('settings:team.stickyHelp')}
        </small>
      </div>
      <fieldset class="choice">
        <legend>{t('settings:team.members')}</legend>
        {agents.length === 0 && <p class="muted small">{t('settings:team.noAgents')}</p>}
        {agents.map((agent) => (
          <label key={agent.deviceId}>
            <input
              type="checkbox"
              data-testid="team-member"
              data-device-id={agent.deviceId}
              checked={selected.has(agent.deviceId)}
              onChange={(event) => {
                const next = new Set(selected);
                if ((event.currentTarget as HTMLInputElement).checked) next.add(agent.deviceId);
                else next.delete(agent.deviceId);
                setSelected(next);
              }}
            />
            {`${agent.person} `}
            <span class="muted small">
              {agent.label} · {roleLabel(agent.role)}
            </span>
          </label>
        ))}
        <p class="settings-warning small" id="team-members-warning" role="status" hidden={selected.size > 0}>
          {selected.size === 0 ? t('settings:team.noMembersSelected') : ''}
        </p>
      </fieldset>
      <div class="row">
        <button type="submit" class="primary" id="team-save" data-testid="team-save" disabled={busy} aria-busy={busy ? 'true' : undefined}>
          {busy ? t('common:saving') : team ? t('settings:team.save') : t('settings:team.create')}
        </button>
        <button type="button" id="team-cancel" onClick={close}>
          {t('common:cancel')}
        </button>
      </div>
      <p class="error" id="team-form-error" role="alert" hidden={!error} data-testid={error ? 'settings-error' : undefined}>
        {error}
      </p>
    </form>
  );
}

export function TeamsSection({ store }: { store: SettingsStore }) {
  const newButton = useRef<HTMLButtonElement>(null);
  const admin = store.admin.value;
  const teams = store.teams.value;
  const agents = store.agents.value;
  const form = store.teamForm.value;
  return (
    <SectionCard store={store} id="teams" title={t('settings:teams.title')} intro={t('settings:teams.intro')}>
      <ul class="settings-list" id="team-list" data-testid="team-list" hidden={teams.length === 0}>
        {teams.map((team) => {
          const memberIds = membersOf(team, agents);
          const warning = teamWarning({ memberIds }, agents);
          const info = policyInfo(team.policy);
          return (
            <li key={team.id} class="settings-row" data-testid="team-row" data-team-id={team.id}>
              <div class="settings-row-main">
                <strong class="team-name">{team.name}</strong>
                <span class="badge">{policyLabel(team.policy)}</span>
                <span class="badge">{stickyText(team)}</span>
                {info && <p class="muted small">{info.explanation}</p>}
                <p class="small">
                  {memberIds.length === 0 ? t('settings:team.membersNone') : t('settings:team.membersList', { names: memberIds.map((id) => store.agentName(id)).join(', ') })}
                </p>
                <p class="settings-warning small" data-testid="team-warning" hidden={!warning}>
                  {warning ?? ''}
                </p>
              </div>
              {admin && (
                <div class="row">
                  <button type="button" data-testid="team-edit" aria-label={t('settings:team.editAria', { name: team.name })} onClick={() => store.openTeamForm(team)}>
                    {t('settings:edit')}
                  </button>
                  <button
                    type="button"
                    class="danger"
                    data-testid="team-delete"
                    aria-label={t('settings:team.deleteAria', { name: team.name })}
                    onClick={async () => {
                      if (!(await confirmDialog(t('settings:team.deleteTitle', { name: team.name }), deleteTeamText(team, store.topics.value), t('settings:team.deleteButton')))) return;
                      if (await store.deleteTeam(team)) newButton.current?.focus();
                    }}
                  >
                    {t('settings:delete')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {teams.length === 0 && (
        <p class="empty" data-testid="teams-empty">
          {t('settings:teams.empty')}
        </p>
      )}
      {admin && (
        <div class="row">
          <button type="button" id="team-new" class="primary" data-testid="team-new" aria-controls="team-form" ref={newButton} onClick={() => store.openTeamForm(null)}>
            {t('settings:team.new')}
          </button>
        </div>
      )}
      <div id="team-form-host">
        {form && <TeamForm key={form.team?.id ?? 'new'} store={store} team={form.team} onClosed={() => newButton.current?.focus()} />}
      </div>
    </SectionCard>
  );
}
