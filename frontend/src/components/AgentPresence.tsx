import { useState } from 'preact/hooks';
import { translator } from '../i18n';
import type { Agent } from '../lib/routingTypes';

const tr = translator('components');

/** Green only for an agent who is online and available: away or offline agents get no green dot. */
export function presenceOf(agent: Pick<Agent, 'online' | 'status'>): 'available' | 'away' | 'offline' {
  if (!agent.online) return 'offline';
  return agent.status === 'available' ? 'available' : 'away';
}

export function PresenceDot({ agent }: { agent: Pick<Agent, 'online' | 'status'> }) {
  const presence = presenceOf(agent);
  return <span class={`presence-dot ${presence}`} data-testid="presence-dot" data-presence={presence} title={tr(`presence.${presence}`)} aria-label={tr(`presence.${presence}`)} />;
}

/** This agent's own switch (available / away) and load, with its label: "Chats 1/5". */
export function MyStatus({ agent, onChange }: { agent: Agent | undefined; onChange(status: 'available' | 'away'): Promise<void> }) {
  const [busy, setBusy] = useState<'available' | 'away' | null>(null);
  if (!agent) return null;
  const available = agent.status === 'available';
  const next = available ? 'away' : 'available';
  return (
    <div class="agent-bar" id="agent-bar">
      <button
        type="button"
        id="status-toggle"
        class={`status-toggle${available ? ' available' : ''}`}
        data-testid="status-toggle"
        role="switch"
        aria-checked={available}
        data-status={agent.status}
        title={available ? tr('status.availableHint') : tr('status.awayHint')}
        disabled={busy !== null}
        onClick={() => {
          setBusy(next);
          void onChange(next).finally(() => setBusy(null));
        }}
      >
        {busy ? tr(busy === 'away' ? 'status.goingAway' : 'status.becomingAvailable') : available ? tr('status.available') : tr('status.away')}
      </button>
      <span class="my-load-wrap" title={tr('status.loadHint', { load: agent.load, capacity: agent.capacity })}>
        <span class="my-load-label">{tr('status.load')}</span>{' '}
        <span id="my-load" class="my-load" data-testid="my-load" aria-label={tr('status.loadLabel', { load: agent.load, capacity: agent.capacity })}>
          {`${agent.load}/${agent.capacity}`}
        </span>
      </span>
    </div>
  );
}

/** An agent as an option line in a picker: "● Bruno (you) — Laptop (available, 1/5)". */
export function agentOptionText(agent: Agent, myDeviceId: string): string {
  const who = agent.deviceId === myDeviceId ? `${agent.person} ${tr('you')}` : agent.person;
  return tr('agent.option', { who, label: agent.label, presence: tr(`presence.${presenceOf(agent)}`), load: agent.load, capacity: agent.capacity });
}
