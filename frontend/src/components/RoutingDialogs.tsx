import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime, translator } from '../i18n';
import { formatWhen, snoozePresets, snoozeUntilError } from '../lib/inboxLogic';
import type { Agent, ConversationRouting, Team } from '../lib/routingTypes';
import { agentOptionText, presenceOf } from './AgentPresence';

const tr = translator('components');

function Modal({ id, title, onClose, children }: { id: string; title: string; onClose(): void; children: ComponentChildren }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (typeof element.showModal === 'function') {
      if (!element.open) element.showModal();
    } else element.setAttribute('open', '');
  }, []);
  return (
    <dialog ref={dialog} id={id} class="dialog routing-dialog" aria-labelledby={`${id}-title`} data-testid={id} onClose={onClose}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

export interface AgentDialogProps {
  mode: 'assign' | 'transfer';
  state: ConversationRouting;
  agents: readonly Agent[];
  teams: readonly Team[];
  myDeviceId: string;
  /** Sends the note, then moves the conversation; resolves with null, or why not. */
  onSubmit(target: { deviceId: string } | { teamId: string }, note: string): Promise<string | null>;
  onClose(): void;
}

/** Assign to an agent (supervisors), or transfer to an agent or a team's queue with a note for the next one. */
export function AgentDialog({ mode, state, agents, teams, myDeviceId, onSubmit, onClose }: AgentDialogProps) {
  const [agent, setAgent] = useState('');
  const [team, setTeam] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const candidates = agents
    .filter((candidate) => candidate.deviceId !== state.assignee?.deviceId)
    .sort((a, b) => Number(presenceOf(b) === 'available') - Number(presenceOf(a) === 'available') || a.person.localeCompare(b.person));
  const teamChoices = teams.filter((choice) => choice.id !== state.teamId || state.assignee !== null);
  const transfer = mode === 'transfer';
  const name = state.name || tr('dialog.thisConversation');
  return (
    <Modal id={`${mode}-dialog`} title={transfer ? tr('dialog.transferTitle', { name }) : tr('dialog.assignTitle', { name })} onClose={onClose}>
      <form
        class="form wide"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!agent && !team) {
            setError(transfer ? tr('dialog.chooseAgentOrTeam') : tr('dialog.chooseAgent'));
            return;
          }
          setError(null);
          setBusy(true);
          void onSubmit(agent ? { deviceId: agent } : { teamId: team }, note.trim()).then((reason) => {
            setBusy(false);
            if (reason === null) onClose();
            else setError(reason);
          });
        }}
      >
        <label for={`${mode}-agent-select`}>
          {transfer ? tr('dialog.toAgent') : tr('dialog.agent')}
          <select
            id={`${mode}-agent-select`}
            data-testid={`${mode}-agent-select`}
            value={agent}
            autoFocus
            onChange={(event) => {
              setAgent((event.currentTarget as HTMLSelectElement).value);
              // One target only: picking one clears the other.
              if ((event.currentTarget as HTMLSelectElement).value) setTeam('');
            }}
          >
            <option value="">{candidates.length === 0 ? tr('dialog.noAgents') : transfer ? tr('dialog.noAgent') : tr('dialog.chooseAgentOption')}</option>
            {candidates.map((candidate) => (
              <option key={candidate.deviceId} value={candidate.deviceId}>
                {agentOptionText(candidate, myDeviceId)}
              </option>
            ))}
          </select>
        </label>
        {transfer ? (
          <>
            <p class="muted small or">{tr('dialog.or')}</p>
            <label for="transfer-team-select">
              {tr('dialog.toTeam')}
              <select
                id="transfer-team-select"
                data-testid="transfer-team-select"
                disabled={teams.length === 0}
                value={team}
                onChange={(event) => {
                  setTeam((event.currentTarget as HTMLSelectElement).value);
                  if ((event.currentTarget as HTMLSelectElement).value) setAgent('');
                }}
              >
                <option value="">{teams.length === 0 ? tr('dialog.noTeams') : tr('dialog.noTeam')}</option>
                {teamChoices.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.name}
                  </option>
                ))}
              </select>
            </label>
            <label for="transfer-note">
              {tr('dialog.note')} <small class="muted">{tr('dialog.noteHint')}</small>
              <textarea id="transfer-note" data-testid="transfer-note" rows={3} maxLength={20000} placeholder={tr('dialog.notePlaceholder')} value={note} onInput={(event) => setNote((event.currentTarget as HTMLTextAreaElement).value)} />
            </label>
          </>
        ) : null}
        <p class="error" role="alert" hidden={!error} data-testid={`${mode}-error`}>
          {error ?? ''}
        </p>
        <div class="row">
          <button type="submit" class="primary" data-testid={`${mode}-submit`} disabled={busy}>
            {busy ? (transfer ? tr('dialog.transferring') : tr('dialog.assigning')) : transfer ? tr('dialog.transfer') : tr('dialog.assign')}
          </button>
          <button type="button" data-testid={`${mode}-cancel`} onClick={onClose}>
            {tr('cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Snooze until a preset or a chosen time. */
export function SnoozeDialog({ state, nowMs, onSnooze, onClose }: { state: ConversationRouting; nowMs: number; onSnooze(until: Date): Promise<string | null>; onClose(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const snooze = (until: Date) => {
    setBusy(true);
    void onSnooze(until).then((reason) => {
      setBusy(false);
      if (reason === null) onClose();
      else setError(reason);
    });
  };
  return (
    <Modal id="snooze-dialog" title={tr('dialog.snoozeTitle', { name: state.name || tr('dialog.thisConversation') })} onClose={onClose}>
      <p class="muted small">{tr('dialog.snoozeHint')}</p>
      <ul class="snooze-presets">
        {snoozePresets(nowMs).map((preset, index) => (
          <li key={preset.id}>
            <button type="button" class="snooze-preset" data-testid={`snooze-${preset.id}`} title={formatDateTime(preset.until.getTime())} disabled={busy} autoFocus={index === 0} onClick={() => snooze(preset.until)}>
              {preset.label}
              <span class="muted small">{` \u2014 ${formatWhen(preset.until.toISOString(), nowMs)}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        class="snooze-custom"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const problem = snoozeUntilError(custom, Date.now());
          setCustomError(problem);
          if (!problem) snooze(new Date(custom));
        }}
      >
        <label for="snooze-custom">{tr('dialog.snoozeUntil')}</label>
        <div class="row">
          <input type="datetime-local" id="snooze-custom" data-testid="snooze-custom" value={custom} aria-invalid={customError ? 'true' : undefined} onInput={(event) => setCustom((event.currentTarget as HTMLInputElement).value)} />
          <button type="submit" class="primary" data-testid="snooze-custom-submit" disabled={busy}>
            {tr('dialog.snooze')}
          </button>
        </div>
        <small id="snooze-custom-error" class="field-error" hidden={!customError}>
          {customError ?? ''}
        </small>
      </form>
      <p class="error" role="alert" hidden={!error} data-testid="snooze-error">
        {error ?? ''}
      </p>
      <div class="row">
        <button type="button" data-testid="snooze-cancel" onClick={onClose}>
          {tr('cancel')}
        </button>
      </div>
    </Modal>
  );
}
