import { formatDateTime, formatRelative, t, translator } from '../i18n';
import { statusChip } from '../lib/inboxLogic';
import type { ConversationRouting } from '../lib/routingTypes';
import { initialOf } from '../lib/ui';

const tr = translator('components');

/** What a row shows besides the routing state (computed by the page from this device's messages). */
export interface ConversationRow {
  preview: string;
  timeMs: number;
  unread: number;
  mentions: number;
}

export interface ConversationListProps {
  /** The list's element id (and test id); two lists on one page need two. */
  id?: string;
  items: readonly ConversationRouting[];
  rows: ReadonlyMap<string, ConversationRow>;
  selectedId: string | null;
  myDeviceId: string;
  labelFilter: string | null;
  nowMs: number;
  onSelect(id: string): void;
  /** A label chip was clicked: show only that label, or everything again (null). */
  onLabel(label: string | null): void;
}

/** The conversations of a view, for the inbox and the supervisor board: props in, callbacks out. */
export function ConversationList({ id = 'conversation-list', items, rows, selectedId, myDeviceId, labelFilter, nowMs, onSelect, onLabel }: ConversationListProps) {
  return (
    <ul id={id} class="conversation-list" data-testid={id} aria-label={tr('list.label')}>
      {items.map((state) => (
        <ConversationItem key={state.id} state={state} row={rows.get(state.id)} selected={state.id === selectedId} myDeviceId={myDeviceId} labelFilter={labelFilter} nowMs={nowMs} onSelect={onSelect} onLabel={onLabel} />
      ))}
    </ul>
  );
}

interface ItemProps {
  state: ConversationRouting;
  row: ConversationRow | undefined;
  selected: boolean;
  myDeviceId: string;
  labelFilter: string | null;
  nowMs: number;
  onSelect(id: string): void;
  onLabel(label: string | null): void;
}

function ConversationItem({ state, row, selected, myDeviceId, labelFilter, nowMs, onSelect, onLabel }: ItemProps) {
  const unread = row?.unread ?? 0;
  const mentions = row?.mentions ?? 0;
  const chip = statusChip(state, nowMs);
  const assignee = state.assignee;
  const mine = assignee?.deviceId === myDeviceId;
  const timeMs = row?.timeMs ?? Date.parse(state.createdAt);
  return (
    <li
      class={`conversation-item${selected ? ' selected' : ''}${unread > 0 ? ' unread' : ''}`}
      data-testid="conversation-item"
      data-conversation-id={state.id}
      data-status={state.status}
      data-assignee={assignee?.deviceId ?? ''}
      data-unread={String(unread)}
      data-mentions={String(mentions)}
      // The whole row opens the conversation, not only the button inside it.
      onClick={() => onSelect(state.id)}
    >
      <button
        type="button"
        class="conversation-button"
        aria-current={selected ? 'true' : undefined}
        onClick={(event) => {
          event.stopPropagation();
          onSelect(state.id);
        }}
      >
        <span class="avatar" aria-hidden="true">
          {initialOf(state.name)}
        </span>
        <span class="conversation-info">
          <span class="conversation-line">
            <strong class="conversation-name" data-testid="conversation-name">
              {state.name}
            </strong>
            <span class="conversation-time muted small">
              <time dateTime={new Date(timeMs).toISOString()} title={formatDateTime(timeMs)}>
                {formatRelative(timeMs, nowMs)}
              </time>
            </span>
          </span>
          <span class="conversation-phone muted small" data-testid="conversation-phone">
            {state.phone}
            {state.source && (
              <>
                {' '}
                <span class="badge" data-testid="conversation-source">
                  {t('thirdParty:badge', { source: state.source })}
                </span>
              </>
            )}
          </span>
          <span class="conversation-line">
            <span class="conversation-preview" data-testid="conversation-preview">
              {row ? row.preview : '\u2026'}
            </span>
            <span class="badges">
              {mentions > 0 ? (
                <span class="mention-badge" data-testid="mention-badge" title={tr('list.mentionsTitle')} aria-label={tr('list.mentions', { count: mentions })}>
                  @{mentions}
                </span>
              ) : null}
              {unread > 0 ? (
                <span class="unread-badge" data-testid="unread-count" aria-label={tr('list.unread', { count: unread })}>
                  {unread}
                </span>
              ) : null}
            </span>
          </span>
          <span class="conversation-meta small">
            {chip ? (
              <span class={`status-chip status-${chip.kind}`} data-testid="status-chip" data-kind={chip.kind}>
                {chip.text}
              </span>
            ) : null}
            {state.priority > 0 ? (
              <span class="status-chip priority" data-testid="priority-chip" title={tr('list.priorityTitle')}>
                {tr('list.priority', { priority: state.priority })}
              </span>
            ) : null}
            {assignee ? (
              <span class={`assignee${mine ? ' mine' : ''}`}>
                <span class="visually-hidden">{tr('list.assignedTo')} </span>
                <span data-testid="assignee-name" class="assignee-name">
                  {assignee.person}
                </span>
                {mine ? <span class="you"> {tr('you')}</span> : null}
              </span>
            ) : null}
          </span>
        </span>
      </button>
      {state.labels.length > 0 ? (
        <div class="conversation-labels">
          {state.labels.map((label) => (
            <LabelChip key={label} label={label} active={labelFilter === label} onClick={() => onLabel(labelFilter === label ? null : label)} />
          ))}
        </div>
      ) : null}
    </li>
  );
}

export function LabelChip({ label, active, onClick }: { label: string; active: boolean; onClick(): void }) {
  return (
    <button
      type="button"
      class={`label-chip${active ? ' active' : ''}`}
      data-testid="label-chip"
      data-label={label}
      aria-pressed={active}
      title={active ? tr('label.showingOnly', { label }) : tr('label.showOnly', { label })}
      onClick={(event) => {
        event.stopPropagation();
        onClick();
      }}
    >
      {label}
    </button>
  );
}
