import { useEffect, useRef, useState } from 'preact/hooks';
import { PresenceDot } from '../components/AgentPresence';
import { ConnectionBanner, EmptyState, ErrorBanner } from '../components/Banner';
import { ConversationList, type ConversationRow } from '../components/ConversationList';
import { AgentDialog, SnoozeDialog } from '../components/RoutingDialogs';
import { RoutingPanel } from '../components/RoutingPanel';
import { Thread } from '../components/Thread';
import { TakenOverLine, WhisperForm } from '../components/WhisperForm';
import { formatDateTime, formatDuration, translator } from '../i18n';
import type { InboxAction } from '../lib/inboxLogic';
import { clockText, conversationSlaState, loadFraction, secondsSince, sparklineSpan, sparklinePoints, type BoardAgent, type BoardConversation, type BoardSummary } from '../lib/board';
import { askPermission, permissionText } from '../lib/notifications';
import type { BoardStore } from './store';

const tr = translator('board');
const sv = translator('supervise');

/** The supervisors' live board: alerts, tiles per team and overall, the agents, the floor, and a silently opened conversation. */
export function BoardPage({ store, myDeviceId }: { store: BoardStore; myDeviceId: string }) {
  const connection = store.connection.value;
  return (
    <div class="board" id="board" data-testid="board">
      <div class="board-top">
        <div>
          <h1>{tr('title')}</h1>
          <p class="muted small">{tr('subtitle')}</p>
        </div>
        <nav class="row" aria-label={tr('nav')}>
          <NotifySetting store={store} />
          <a href="/inbox" class="button-link" data-testid="inbox-link">
            {tr('inbox')}
          </a>
        </nav>
      </div>
      <ErrorBanner id="board-error" testId="board-error" message={store.pageError.value} />
      <ConnectionBanner state={connection === 'reconnecting' ? 'reconnecting' : 'connected'} />
      {store.loaded.value ? <Loaded store={store} myDeviceId={myDeviceId} /> : store.pageError.value ? null : <p class="muted">{tr('loading')}</p>}
    </div>
  );
}

function Loaded({ store, myDeviceId }: { store: BoardStore; myDeviceId: string }) {
  return (
    <>
      <Alerts store={store} />
      <Tiles store={store} />
      <div class="board-columns">
        <Agents store={store} />
        <Floor store={store} myDeviceId={myDeviceId} />
      </div>
      <SilentOpen store={store} myDeviceId={myDeviceId} />
    </>
  );
}

function NotifySetting({ store }: { store: BoardStore }) {
  return (
    <span class="notify-wrap">
      <label class="notify-setting" title={tr('notify.hint')}>
        <input
          type="checkbox"
          data-testid="board-notify"
          aria-describedby="board-notify-help"
          checked={store.notify.value}
          onChange={(event) => {
            const on = (event.currentTarget as HTMLInputElement).checked;
            store.setNotify(on);
            // Asked only when the supervisor switches alerts on, never on page load.
            if (on) void askPermission().then((permission) => (store.notifyHelp.value = permission === 'granted' ? null : (permissionText(permission) ?? tr('notify.onBoardOnly'))));
          }}
        />{' '}
        {tr('notify.label')}
      </label>
      <small id="board-notify-help" class="muted notify-help" data-testid="board-notify-help" hidden={!store.notifyHelp.value}>
        {store.notifyHelp.value ?? ''}
      </small>
    </span>
  );
}

/** The board lists this many alerts, the critical first. */
export const ALERT_LIMIT = 20;

function Alerts({ store }: { store: BoardStore }) {
  const all = store.alerts.value;
  const alerts = all.slice(0, ALERT_LIMIT);
  return (
    <section class="board-alerts" aria-labelledby="board-alerts-title" data-testid="board-alerts">
      <h2 id="board-alerts-title" class="visually-hidden">
        {tr('alerts.title')}
      </h2>
      {alerts.length === 0 ? (
        <p class="muted small board-calm" data-testid="board-no-alerts">
          {tr('alerts.none')}
        </p>
      ) : (
        <ul class="alert-list" role="list" aria-live="polite">
          {alerts.map((alert) => (
            <li key={alert.key} class={`board-alert ${alert.level}`} data-testid="board-alert" data-level={alert.level} data-kind={alert.kind}>
              <span class="alert-level">{tr(`level.${alert.level}`)}</span> {store.alertText(alert)}{' '}
              <button type="button" class="link-button" onClick={() => void store.open(alert.conversationId)}>
                {tr('open.action')}
              </button>
            </li>
          ))}
          {all.length > alerts.length ? (
            <li class="muted small" data-testid="alerts-more">
              {tr('alerts.more', { more: all.length - alerts.length })}
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

function Tiles({ store }: { store: BoardStore }) {
  const overall = store.overall.value;
  if (!overall) return null;
  const teams = store.teams.value;
  return (
    <section class="board-tiles" aria-label={tr('tiles.label')}>
      <SummaryCard title={tr('tiles.overall')} summary={overall} nowMs={store.now.value} testId="summary-overall">
        <Sparkline store={store} />
      </SummaryCard>
      {teams.length === 0 ? <EmptyState text={tr('tiles.noTeams')} testId="board-no-teams" /> : null}
      {teams.map((team) => (
        <SummaryCard key={team.teamId ?? ''} title={team.teamId === null ? tr('noTeam') : (team.name ?? tr('aTeam'))} summary={team.summary} nowMs={store.now.value} testId="summary-team" teamId={team.teamId} />
      ))}
    </section>
  );
}

function SummaryCard({ title, summary, nowMs, testId, teamId, children }: { title: string; summary: BoardSummary; nowMs: number; testId: string; teamId?: string | null; children?: preact.ComponentChildren }) {
  const longest = secondsSince(summary.longestWaitSince, nowMs);
  const level = summary.serviceLevelToday;
  return (
    <article class="summary-card card" data-testid={testId} data-team-id={teamId ?? ''}>
      <h2 class="summary-title">{title}</h2>
      <dl class="tiles">
        <Tile name="waiting" label={tr('tile.waiting')} value={String(summary.waiting)} />
        <Tile name="longest" label={tr('tile.longestWait')} value={longest === null ? '–' : clockText(longest)} timer />
        <Tile name="open" label={tr('tile.open')} value={String(summary.open)} />
        <Tile
          name="agents"
          label={tr('tile.agents')}
          value={tr('tile.agentsValue', { available: summary.agentsAvailable, away: summary.agentsAway, offline: summary.agentsOffline })}
        />
        <Tile name="sla" label={tr('tile.sla')} value={tr('tile.slaValue', { atRisk: summary.slaAtRisk, breached: summary.slaBreached })} warn={summary.slaBreached > 0 ? 'critical' : summary.slaAtRisk > 0 ? 'warning' : null} />
        <Tile
          name="service-level"
          label={tr('tile.serviceLevel')}
          value={level === null ? '–' : `${level.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`}
          title={level === null ? tr('tile.serviceLevelNone') : tr('tile.serviceLevelOf', { inTime: summary.answeredInTimeToday, offered: summary.offeredToday })}
        />
      </dl>
      {children}
    </article>
  );
}

function Tile({ name, label, value, timer, warn, title }: { name: string; label: string; value: string; timer?: boolean; warn?: 'warning' | 'critical' | null; title?: string }) {
  return (
    <div class={`tile${warn ? ` ${warn}` : ''}`} data-testid={`tile-${name}`} data-value={value} title={title}>
      <dt>{label}</dt>
      <dd>{timer ? <span role="timer">{value}</span> : value}</dd>
    </div>
  );
}

const SPARK_WIDTH = 240;
const SPARK_HEIGHT = 40;

/** The waiting count over the last minutes (up to ten), kept by this page since it opened. */
function Sparkline({ store }: { store: BoardStore }) {
  const samples = store.samples.value;
  const nowMs = store.now.value;
  const spanMs = sparklineSpan(samples, nowMs);
  const points = sparklinePoints(samples, nowMs, SPARK_WIDTH, SPARK_HEIGHT, spanMs);
  const top = Math.max(0, ...samples.map((sample) => sample.waiting));
  const span = formatDuration(spanMs / 1000);
  const label = tr('chart.label', { span, now: store.overall.value?.waiting ?? 0, most: top });
  return (
    <figure class="sparkline" data-testid="waiting-sparkline">
      <svg viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`} width={SPARK_WIDTH} height={SPARK_HEIGHT} role="img" aria-label={label} preserveAspectRatio="none">
        <title>{label}</title>
        {points ? <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" vector-effect="non-scaling-stroke" /> : null}
      </svg>
      <figcaption class="muted small">{tr('chart.caption', { span })}</figcaption>
    </figure>
  );
}

function Agents({ store }: { store: BoardStore }) {
  const agents = store.agents.value;
  const nowMs = store.now.value;
  return (
    <section class="board-agents card" aria-labelledby="board-agents-title">
      <h2 id="board-agents-title">{tr('agents.title')}</h2>
      <ErrorBanner id="board-agent-error" testId="board-agent-error" message={store.agentError.value} />
      {agents.length === 0 ? (
        <EmptyState text={tr('agents.none')} testId="board-no-agents" />
      ) : (
        <table class="agent-table" data-testid="agent-table">
          <thead>
            <tr>
              <th scope="col">{tr('agents.person')}</th>
              <th scope="col">{tr('agents.devices')}</th>
              <th scope="col">{tr('agents.load')}</th>
              <th scope="col">{tr('agents.lastAssigned')}</th>
              <th scope="col">{tr('agents.chats')}</th>
              <th scope="col">{sv('agent.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <AgentRow key={agent.deviceId} agent={agent} store={store} nowMs={nowMs} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AgentRow({ agent, store, nowMs }: { agent: BoardAgent; store: BoardStore; nowMs: number }) {
  const since = secondsSince(agent.lastAssignedAt, nowMs);
  const chats = store.chatsOf(agent.deviceId);
  const fill = loadFraction(agent);
  return (
    <tr data-testid="agent-row" data-device-id={agent.deviceId} data-presence={agent.presence} data-load={String(agent.load)}>
      <th scope="row">
        <PresenceDot agent={{ online: agent.presence !== 'offline', status: agent.status }} /> {agent.person}
        <span class="muted small agent-presence"> {tr(`presence.${agent.presence}`)}</span>
      </th>
      <td data-testid="agent-devices">{agent.connections}</td>
      <td>
        <span class="load" role="meter" aria-valuemin={0} aria-valuemax={agent.capacity} aria-valuenow={agent.load} aria-label={tr('agents.loadLabel', { load: agent.load, capacity: agent.capacity })}>
          <span class={`load-bar${fill >= 1 ? ' full' : ''}`}>
            <span class="load-fill" style={{ width: `${Math.round(fill * 100)}%` }} />
          </span>
          <span class="small" data-testid="agent-load">{`${agent.load}/${agent.capacity}`}</span>
        </span>
      </td>
      <td role="timer" title={agent.lastAssignedAt ? formatDateTime(Date.parse(agent.lastAssignedAt)) : undefined}>
        {since === null ? tr('agents.never') : clockText(since)}
      </td>
      <td>
        {chats.length === 0 ? (
          <span class="muted small">{tr('agents.noChats')}</span>
        ) : (
          <ul class="agent-chats">
            {chats.map((chat) => (
              <li key={chat.id}>
                <button type="button" class={`link-button chat-clock sla-${conversationSlaState(chat, nowMs)}`} data-testid="agent-chat" data-conversation-id={chat.id} onClick={() => void store.open(chat.id)}>
                  {store.name(chat.id)} <ResponseClock chat={chat} nowMs={nowMs} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <AgentControls agent={agent} store={store} />
      </td>
    </tr>
  );
}

/** A supervisor sets an agent of their team away or available, or changes their capacity (§14.5); the board frame shows the result. */
function AgentControls({ agent, store }: { agent: BoardAgent; store: BoardStore }) {
  const [capacity, setCapacity] = useState(String(agent.capacity));
  useEffect(() => setCapacity(String(agent.capacity)), [agent.capacity]);
  const away = agent.status === 'away';
  const value = Number(capacity);
  const valid = Number.isInteger(value) && value >= 1 && value <= 50;
  return (
    <div class="agent-controls">
      <button type="button" class="small" data-testid="agent-status-toggle" onClick={() => void store.changeAgent(agent, { status: away ? 'available' : 'away' })}>
        {away ? sv('agent.setAvailable') : sv('agent.setAway')}
      </button>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (valid && value !== agent.capacity) void store.changeAgent(agent, { capacity: value });
        }}
      >
        <label class="visually-hidden" for={`capacity-${agent.deviceId}`}>
          {sv('agent.capacity')}
        </label>
        <input
          id={`capacity-${agent.deviceId}`}
          class="capacity-input"
          data-testid="agent-capacity-input"
          type="number"
          min={1}
          max={50}
          value={capacity}
          onInput={(event) => setCapacity((event.target as HTMLInputElement).value)}
        />
        <button type="submit" class="small" data-testid="agent-capacity-save" disabled={!valid || value === agent.capacity}>
          {sv('agent.capacitySave')}
        </button>
      </form>
    </div>
  );
}

function ResponseClock({ chat, nowMs }: { chat: BoardConversation; nowMs: number }) {
  const clock = chat.responseClock;
  if (!clock) return <span class="muted small">{chat.status === 'pending' ? tr('clock.pending') : tr('clock.answered')}</span>;
  const seconds = secondsSince(clock.since, nowMs) ?? 0;
  return (
    <span class="small response-clock" role="timer" data-testid="response-clock" data-kind={clock.kind}>
      {tr(`clock.${clock.kind}`, { time: clockText(seconds) })}
    </span>
  );
}

/** The floor lists this many, in queue order; a busy floor (thousands waiting) would otherwise redraw them all every second. */
export const FLOOR_LIMIT = 100;

function Floor({ store, myDeviceId }: { store: BoardStore; myDeviceId: string }) {
  const all = store.floor.value;
  const items = all.slice(0, FLOOR_LIMIT);
  const nowMs = store.now.value;
  const rows = new Map<string, ConversationRow>();
  for (const row of (store.board.value?.conversations ?? []).slice(0, FLOOR_LIMIT)) {
    const clock = row.responseClock;
    rows.set(row.id, {
      preview: clock ? tr(`clock.${clock.kind}`, { time: clockText(secondsSince(clock.since, nowMs) ?? 0) }) : row.status === 'pending' ? tr('clock.pending') : tr('clock.answered'),
      timeMs: Date.parse(row.queuedAt ?? row.assignedAt ?? '') || nowMs,
      unread: 0,
      mentions: 0,
    });
  }
  return (
    <section class="board-floor card" aria-labelledby="board-floor-title">
      <h2 id="board-floor-title">{tr('floor.title')}</h2>
      {items.length === 0 ? (
        <EmptyState text={tr('floor.none')} testId="board-no-conversations" />
      ) : (
        <ConversationList items={items} rows={rows} selectedId={store.opened.value} myDeviceId={myDeviceId} labelFilter={null} nowMs={nowMs} onSelect={(id) => void store.open(id)} onLabel={() => undefined} />
      )}
      {all.length > items.length ? (
        <p class="muted small" data-testid="floor-more">
          {tr('floor.more', { more: all.length - items.length })}
        </p>
      ) : null}
    </section>
  );
}

/** A conversation opened from the board: read on this device, nothing sent back (no read mark, no "viewing"). */
function SilentOpen({ store, myDeviceId }: { store: BoardStore; myDeviceId: string }) {
  const id = store.opened.value;
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!id) return undefined;
    // Back to where the supervisor was (the chat in the table, the row in the list) when it closes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') store.close();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, [id]);
  if (!id) return null;
  return (
    <div class="silent-open card" data-testid="silent-open" data-conversation-id={id} role="dialog" aria-modal="false" aria-labelledby="silent-open-title">
      <div class="silent-open-top">
        <div>
          <h2 id="silent-open-title">{store.name(id)}</h2>
          <p class="muted small" data-testid="silent-open-note">
            {tr('open.silent')}
          </p>
        </div>
        <button type="button" ref={closeButton} data-testid="silent-open-close" aria-keyshortcuts="Escape" onClick={() => store.close()}>
          {tr('open.close')}
        </button>
      </div>
      <OpenedRouting store={store} myDeviceId={myDeviceId} />
      <BoardActions store={store} myDeviceId={myDeviceId} />
      <ErrorBanner id="silent-open-error" testId="silent-open-error" message={store.openedError.value ?? store.actionError.value} />
      <Thread entries={store.openedEntries.value} conversationKey={id} emptyText={store.openedLoaded.value ? tr('open.empty') : tr('loading')} namesOnMine nowMs={store.now.value} />
    </div>
  );
}

/**
 * What only a supervisor does with the opened conversation (§14.5): take it over, or whisper to the
 * agent who has it. Each is an action the supervisor chooses; opening stays silent.
 */
function BoardActions({ store, myDeviceId }: { store: BoardStore; myDeviceId: string }) {
  const state = store.openedState.value;
  if (!state) return null;
  const assignee = state.assignee;
  const mine = assignee?.deviceId === myDeviceId;
  const onFloor = state.status === 'open' || state.status === 'pending';
  return (
    <div class="board-actions" data-testid="board-actions">
      {state.reason?.code === 'taken_over' && assignee ? <TakenOverLine by={assignee.person} /> : null}
      {onFloor && !mine ? (
        <button type="button" data-testid="take-over-button" onClick={() => void store.takeOver()}>
          {sv('takeOver.action')}
        </button>
      ) : null}
      {assignee && !mine ? <WhisperForm key={state.id} assignee={assignee.person} onSend={(text) => store.whisper(text)} /> : null}
    </div>
  );
}

type Dialog = { kind: 'assign' | 'transfer' | 'snooze'; opener: HTMLElement } | null;

/**
 * The shared routing block for the opened conversation: the supervisor can reassign, unassign or
 * resolve from the board. Acting is a choice; opening stays silent.
 */
function OpenedRouting({ store, myDeviceId }: { store: BoardStore; myDeviceId: string }) {
  const state = store.openedState.value;
  const [dialog, setDialog] = useState<Dialog>(null);
  if (!state) return null;
  const closeDialog = () => {
    const opener = dialog?.opener;
    setDialog(null);
    const target = opener?.isConnected ? opener : opener?.dataset.testid ? document.querySelector<HTMLElement>(`[data-testid="${opener.dataset.testid}"]`) : null;
    target?.focus();
  };
  const onAction = (action: InboxAction | 'accept', opener: HTMLElement): Promise<unknown> | void => {
    if (action === 'assign' || action === 'transfer') {
      void store.loadRoutingChoices().then(() => setDialog({ kind: action, opener }));
      return;
    }
    if (action === 'snooze') {
      setDialog({ kind: 'snooze', opener });
      return;
    }
    return store.runAction(action);
  };
  return (
    <>
      <RoutingPanel
        state={state}
        teams={store.routingTeams.value}
        agents={store.routingAgents.value}
        myDeviceId={myDeviceId}
        supervisor
        nowMs={store.now.value}
        labelFilter={null}
        knownLabels={[]}
        onAction={onAction}
        onLabelFilter={() => undefined}
        onLabels={(labels) => store.putLabels(labels)}
        loadHistory={(conversation) => store.assignmentHistory(conversation)}
      />
      {dialog && (dialog.kind === 'assign' || dialog.kind === 'transfer') ? (
        <AgentDialog
          mode={dialog.kind}
          state={state}
          agents={store.routingAgents.value}
          teams={store.routingTeams.value}
          myDeviceId={myDeviceId}
          onClose={closeDialog}
          onSubmit={(target, note) => store.moveWithNote(dialog.kind as 'assign' | 'transfer', target, note)}
        />
      ) : null}
      {dialog && dialog.kind === 'snooze' ? (
        <SnoozeDialog state={state} nowMs={store.now.value} onClose={closeDialog} onSnooze={(until) => store.runAction('snooze', { until: until.toISOString() })} />
      ) : null}
    </>
  );
}
