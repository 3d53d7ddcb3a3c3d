import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { roleLabel } from '../lib/roles';
import type { Agent } from '../lib/routingTypes';
import { agentStatusText, CAPACITY_MAX, CAPACITY_MIN, loadBar } from '../lib/settingsLogic';
import { fieldAria, FieldError, SectionCard } from './parts';
import type { SettingsStore } from './store';

function Capacity({ store, agent }: { store: SettingsStore; agent: Agent }) {
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(String(agent.capacity));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const inFlight = useRef<string | null>(null);
  // A pushed capacity replaces the field unless the person is typing in it.
  useEffect(() => {
    if (document.activeElement !== input.current) setValue(String(agent.capacity));
  }, [agent.capacity]);
  const id = `agent-capacity-${agent.deviceId}`;
  // Enter fires both change and submit; one request per value is enough.
  const submit = async () => {
    const text = input.current?.value ?? value;
    if (inFlight.current === text) return;
    inFlight.current = text;
    setStatus(t('common:saving'));
    const problem = await store.saveCapacity(agent, text);
    inFlight.current = null;
    setError(problem);
    setStatus(problem ? '' : t('settings:agent.saved'));
    if (!problem) setTimeout(() => setStatus(''), 5000);
  };
  return (
    <form
      class="row capacity-form"
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label for={id} class="small">
        {t('settings:agent.capacity')}
      </label>
      <input
        ref={input}
        id={id}
        data-testid="agent-capacity"
        type="number"
        min={CAPACITY_MIN}
        max={CAPACITY_MAX}
        step={1}
        class="settings-number"
        value={value}
        aria-label={t('settings:agent.capacityAria', { person: agent.person, label: agent.label })}
        {...fieldAria(id, error)}
        onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)}
        onChange={() => void submit()}
      />
      <button type="submit" class="small-button">
        {t('common:save')}
      </button>
      <span class="settings-status small" role="status">
        {status}
      </span>
      <FieldError id={id} message={error} />
    </form>
  );
}

function AgentRow({ store, agent }: { store: SettingsStore; agent: Agent }) {
  const load = loadBar(agent.load, agent.capacity);
  const online = agent.online ? t('settings:agent.online') : t('settings:agent.offlineDot');
  return (
    <li class="settings-row agent-row" data-testid="agent-row" data-device-id={agent.deviceId}>
      <span class={`presence-dot${agent.online && agent.status === 'available' ? ' online' : ''}`} role="img" aria-label={online} title={online} />
      <div class="settings-row-main">
        <strong>{agent.person}</strong>
        <span class="badge">{roleLabel(agent.role)}</span>
        <div class="muted small">{agent.label}</div>
        <div class="row">
          <span class="small" data-testid="agent-status">
            {agentStatusText(agent)}
          </span>
          <span class="muted small">
            {agent.teamIds.length === 0 ? t('settings:agent.noTeam') : t('settings:agent.teams', { names: agent.teamIds.map((id) => store.teamName(id)).join(', ') })}
          </span>
        </div>
      </div>
      <div class="agent-load">
        <div
          class={`progress load-bar${load.full ? ' full' : ''}`}
          role="meter"
          aria-valuemin={0}
          aria-valuenow={agent.load}
          aria-valuemax={agent.capacity}
          aria-label={t('settings:agent.loadAria', { load: load.text })}
        >
          <div style={{ width: `${Math.round(load.fraction * 100)}%` }} />
        </div>
        <span class="small" data-testid="agent-load">
          {load.over ? t('settings:agent.over', { load: load.text }) : load.text}
        </span>
      </div>
      <div>{store.admin.value ? <Capacity store={store} agent={agent} /> : <span class="small">{t('settings:agent.capacityValue', { capacity: agent.capacity })}</span>}</div>
    </li>
  );
}

export function AgentsSection({ store }: { store: SettingsStore }) {
  const agents = store.agents.value;
  return (
    <SectionCard store={store} id="agents" title={t('settings:agents.title')} intro={t('settings:agents.intro')}>
      {agents.length === 0 ? (
        <p class="empty" data-testid="agents-empty">
          {t('settings:agents.empty')}
        </p>
      ) : (
        <ul class="settings-list" id="agent-list">
          {agents.map((agent) => (
            <AgentRow key={agent.deviceId} store={store} agent={agent} />
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
