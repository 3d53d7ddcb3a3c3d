import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime, translator } from '../i18n';
import {
  availableActions,
  endReasonText,
  formatWhen,
  type InboxAction,
  labelError,
  normalizeLabel,
  offerSecondsLeft,
  statusName,
  statusChip,
} from '../lib/inboxLogic';
import type { Agent, AssignmentRecord, ConversationRouting, Team } from '../lib/routingTypes';
import { formatCountdown } from '../lib/ui';
import { LabelChip } from './ConversationList';

const tr = translator('components');

export interface RoutingPanelProps {
  state: ConversationRouting;
  teams: readonly Team[];
  agents: readonly Agent[];
  myDeviceId: string;
  supervisor: boolean;
  nowMs: number;
  labelFilter: string | null;
  knownLabels: readonly string[];
  /** An action button was pressed; dialogs (assign, transfer, snooze) are the page's. Resolves when done. */
  onAction(action: InboxAction | 'accept', opener: HTMLElement): Promise<unknown> | void;
  onLabelFilter(label: string | null): void;
  /** Saves the labels; resolves with null, or why not. */
  onLabels(labels: string[]): Promise<string | null>;
  loadHistory(conversation: string): Promise<AssignmentRecord[]>;
}

/**
 * The routing of one conversation in one compact block: state, assignee and why, the offer countdown,
 * the actions, the labels and the assignment history. Shared by the inbox and the supervisor board.
 */
export function RoutingPanel(props: RoutingPanelProps) {
  const { state, teams, myDeviceId, nowMs } = props;
  const chip = statusChip(state, nowMs);
  const team = state.teamId ? teams.find((known) => known.id === state.teamId) : undefined;
  const assignee = state.assignee;
  return (
    <section class="thread-routing" id="thread-routing" data-testid="thread-routing" aria-label={tr('routing.label')}>
      <div class="routing-top">
        <div class="routing-status">
          <span class={`status-chip status-${state.status}`} data-testid="thread-status" data-status={state.status}>
            {statusName(state.status)}
          </span>
          {state.status === 'snoozed' && state.snoozedUntil ? (
            <span class="muted small" data-testid="thread-status-detail" title={formatDateTime(Date.parse(state.snoozedUntil))}>
              {tr('routing.until', { when: formatWhen(state.snoozedUntil, nowMs) })}
            </span>
          ) : chip && chip.kind === 'waiting' ? (
            <span class={`status-chip status-${chip.kind}`} data-testid="thread-status-detail">
              {chip.text}
            </span>
          ) : null}
          {team ? (
            <span class="muted small" data-testid="thread-team">
              {tr('routing.team', { name: team.name })}
            </span>
          ) : null}
          <span class="thread-assignee" data-testid="thread-assignee" data-assignee={assignee?.deviceId ?? ''}>
            {assignee ? (
              <>
                {tr('routing.assignedTo')} <strong>{assignee.deviceId === myDeviceId ? `${assignee.person} ${tr('you')}` : assignee.person}</strong>
              </>
            ) : (
              <span class="muted">{tr('routing.unassigned')}</span>
            )}
          </span>
          {assignee && state.reason?.text ? (
            <span class="reason-line small" title={tr('routing.why')}>
              <span class="visually-hidden">{tr('routing.why')} </span>
              <span data-testid="assignment-reason" data-code={state.reason.code}>
                {state.reason.text}
              </span>
            </span>
          ) : null}
        </div>
        <Actions {...props} />
      </div>
      <Offer {...props} />
      <div class="routing-more">
        <Labels {...props} />
        <History {...props} />
      </div>
    </section>
  );
}

function Offer({ state, myDeviceId, nowMs, onAction }: RoutingPanelProps) {
  const left = offerSecondsLeft(state, myDeviceId, nowMs);
  const [busy, setBusy] = useState(false);
  return (
    <p class="offer-countdown" data-testid="offer-countdown" role="timer" aria-live="off" hidden={left === null}>
      {left === null ? null : (
        <>
          <span class="offer-text">{left > 0 ? tr('routing.offer', { time: formatCountdown(left) }) : tr('routing.offerOver')}</span>
          {left > 0 ? (
            <button
              type="button"
              class="primary small-button"
              data-testid="accept-button"
              disabled={busy}
              onClick={(event) => {
                setBusy(true);
                void Promise.resolve(onAction('accept', event.currentTarget)).finally(() => setBusy(false));
              }}
            >
              {busy ? tr('routing.accepting') : tr('routing.accept')}
            </button>
          ) : null}
        </>
      )}
    </p>
  );
}

function Actions({ state, myDeviceId, supervisor, onAction }: RoutingPanelProps) {
  const [busy, setBusy] = useState<InboxAction | null>(null);
  return (
    <div class="routing-actions" role="toolbar" aria-label={tr('routing.actions')}>
      {availableActions(state, myDeviceId, supervisor).map((action) => (
        <button
          key={action}
          type="button"
          class={`action-${action}${action === 'claim' || action === 'resolve' ? ' primary' : ''}`}
          data-testid={`${action}-button`}
          title={tr(`action.${action}.hint`)}
          disabled={busy === action}
          aria-busy={busy === action ? 'true' : undefined}
          onClick={(event) => {
            const result = onAction(action, event.currentTarget);
            if (result) {
              setBusy(action);
              void result.finally(() => setBusy(null));
            }
          }}
        >
          {busy === action ? tr(`action.${action}.busy`) : tr(`action.${action}`)}
        </button>
      ))}
    </div>
  );
}

function Labels({ state, labelFilter, knownLabels, onLabelFilter, onLabels }: RoutingPanelProps) {
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setProblem(null), [state.id]);
  const add = async () => {
    const label = normalizeLabel(input.current?.value ?? '');
    const error = labelError(label, state.labels);
    setProblem(error);
    if (error) {
      input.current?.focus();
      return;
    }
    setBusy(true);
    const refused = await onLabels([...state.labels, label]);
    setBusy(false);
    if (refused === null && input.current) input.current.value = '';
    input.current?.focus();
  };
  return (
    <div class="labels-row">
      <ul class="thread-labels" data-testid="thread-labels" aria-label={tr('label.list')}>
        {state.labels.map((label) => (
          <li key={label} class="thread-label" data-testid="thread-label" data-label={label}>
            <LabelChip label={label} active={labelFilter === label} onClick={() => onLabelFilter(labelFilter === label ? null : label)} />
            <button
              type="button"
              class="label-remove"
              data-testid="label-remove"
              data-label={label}
              aria-label={tr('label.remove', { label })}
              title={tr('label.remove', { label })}
              onClick={() => void onLabels(state.labels.filter((known) => known !== label)).then(() => input.current?.focus())}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="label-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <input
          type="text"
          id="label-input"
          class="label-input"
          data-testid="label-input"
          placeholder={tr('label.add')}
          maxLength={40}
          autoComplete="off"
          aria-label={tr('label.new')}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'label-input-error' : undefined}
          list="known-labels"
          ref={input}
          onInput={() => setProblem(null)}
        />
        <button type="submit" class="label-add" data-testid="label-add" disabled={busy}>
          {busy ? tr('label.adding') : tr('label.addButton')}
        </button>
        <datalist id="known-labels">
          {knownLabels
            .filter((label) => !state.labels.includes(label))
            .map((label) => (
              <option key={label} value={label} />
            ))}
        </datalist>
        <small id="label-input-error" class="field-error" aria-live="polite" hidden={!problem}>
          {problem ?? ''}
        </small>
      </form>
    </div>
  );
}

function History({ state, agents, nowMs, loadHistory }: RoutingPanelProps) {
  const [open, setOpen] = useState(false);
  const [records, setRecords] = useState<AssignmentRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Reloaded while open whenever the routing state changes.
  const version = `${state.id} ${state.assignee?.deviceId ?? ''} ${state.status} ${state.assignedAt ?? ''}`;
  useEffect(() => {
    if (!open) return undefined;
    let live = true;
    loadHistory(state.id).then(
      (answer) => live && (setRecords(answer), setError(null)),
      (failure) => live && setError(tr('history.failed', { reason: failure instanceof Error ? failure.message : String(failure) })),
    );
    return () => {
      live = false;
    };
  }, [open, version]);
  useEffect(() => {
    setOpen(false);
    setRecords(null);
  }, [state.id]);
  const byName = (deviceId: string | null) => (deviceId ? agents.find((agent) => agent.deviceId === deviceId)?.person ?? null : null);
  return (
    <details class="assignment-history" data-testid="assignment-history" open={open} onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary data-testid="assignment-history-toggle">{tr('history.title')}</summary>
      <ol class="assignment-history-list" data-testid="assignment-history-list">
        {error ? (
          <li class="error small">{error}</li>
        ) : records === null ? (
          <li class="muted small">{tr('loading')}</li>
        ) : records.length === 0 ? (
          <li class="muted small">{tr('history.never')}</li>
        ) : (
          records.map((record, index) => {
            const by = byName(record.byDeviceId);
            // A transfer's reason already names who did it ("Transferred to Carla by Bruno").
            const showBy = by && record.byDeviceId !== record.deviceId && !(record.reason?.text ?? '').includes(by);
            return (
              <li key={index} class="assignment-record small" data-testid="assignment-record" data-end-reason={record.endReason ?? 'current'}>
                <strong>{record.person}</strong>
                {` \u2014 ${record.reason?.text ?? ''}`}
                {showBy ? ` ${tr('history.by', { name: by })}` : ''}
                <br />
                <span class="muted" title={formatDateTime(Date.parse(record.assignedAt))}>
                  {formatWhen(record.assignedAt, nowMs)}
                </span>
                {record.endedAt ? (
                  <span class="muted" title={formatDateTime(Date.parse(record.endedAt))}>{` \u2192 ${formatWhen(record.endedAt, nowMs)}, ${endReasonText(record.endReason)}`}</span>
                ) : (
                  <span class="current-assignment"> {tr('history.current')}</span>
                )}
              </li>
            );
          })
        )}
      </ol>
    </details>
  );
}
