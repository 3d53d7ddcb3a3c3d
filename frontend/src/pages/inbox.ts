import { api, ApiError, errorMessage } from '../lib/api';
import { cannedSuggestions } from '../lib/cannedReplies';
import { ActivityTracker, shouldAnswerArrival, TypingThrottle, typersText, VIEWING_REPEAT_MS, viewersText } from '../lib/collision';
import type { EventConnection } from '../lib/events';
import { keysOf, loadIdentity, updateIdentity, type StoredIdentity } from '../lib/identity';
import { HISTORY_POLL_MS, HISTORY_WAITING_TEXT, HistoryHelper, HistoryProgressTracker, parseHistoryProgress, type HistoryProgress } from '../lib/historySync';
import {
  applyConversationUpdate,
  assigneeWarning,
  availableActions,
  becameAssignedToMe,
  compareRecent,
  emptyText,
  endReasonText,
  formatWhen,
  type InboxAction,
  type InboxTab,
  initialTab,
  isSupervisor,
  labelError,
  newlyAssigned,
  normalizeConversation,
  normalizeLabel,
  offerSecondsLeft,
  shouldAccept,
  snoozePresets,
  snoozeUntilError,
  STATUS_NAMES,
  statusChip,
  TAB_NAMES,
  tabCounts,
  tabItems,
  TABS,
  tabShowing,
} from '../lib/inboxLogic';
import { listRefusalText, ListTrust } from '../lib/listTrust';
import { mentionSuggestions, splitMentions } from '../lib/mentions';
import { connectMessaging, Messenger, type ConversationState } from '../lib/messaging';
import { previewText, unreadCount } from '../lib/messagingLogic';
import { isAdminRole } from '../lib/settingsLogic';
import { openMessageStore, type LocalMessage } from '../lib/messageStore';
import {
  askPermission,
  beep,
  browserNotification,
  isFresh,
  mentionsMe,
  notifySetting,
  permissionText,
  saveNotifySetting,
  showToast,
  unlockSound,
  unseenMentions,
} from '../lib/notifications';
import type { Activity, Agent, AssignmentRecord, CannedReply, ConversationRouting, RoutingEvent, Team } from '../lib/routingTypes';
import { groupResults, normalizeQuery, type SearchResult } from '../lib/search';
import type { UploadProgress } from '../lib/attachments';
import { createComposer, renderThread, threadEntries, type Composer, sendAttachmentMessage, type PendingSend } from '../lib/threadView';
import type { DevicesView } from '../lib/types';
import type { DeviceList } from '../protocol';
import {
  byId,
  type Child,
  formatCountdown,
  formatExact,
  h,
  initialOf,
  isLoggedOut,
  onLoggedOut,
  relativeTime,
  replaceChildren,
  setFieldError,
  setMessage,
  whileBusy,
} from '../lib/ui';
import { B64u, fingerprintOf, newClientMessageId } from '../protocol';

/**
 * The agents' inbox: every conversation of the business, decrypted on this device, with replies
 * and private notes, and the routing of §14 around them — tabs, the queue, assignment, transfer,
 * snooze, labels, search on this device, collision warnings and notifications.
 */

const root = byId('inbox-root');

let identity: StoredIdentity;
let messenger: Messenger;
let view: DevicesView;
let myDeviceId = '';
let myPerson = '';
let supervisor = false;
let conversations: ConversationRouting[] = [];
/** null until the first load: a reload compares with it to notice conversations that became mine. */
let loadedOnce = false;
let tab: InboxTab = 'all';
let labelFilter: string | null = null;
let selected: string | null = null;
let composer: Composer;
let pendingSends: PendingSend[] = [];
let lastFailed: PendingSend | null = null;
let connection: EventConnection | null = null;
let agents: Agent[] = [];
let teams: Team[] = [];
let cannedReplies: CannedReply[] = [];
let activity: ActivityTracker;
const typing = new TypingThrottle();

const TAB_KEY = 'switchboard.inbox.tab';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function conversationById(id: string | null): ConversationRouting | undefined {
  return id === null ? undefined : conversations.find((conversation) => conversation.id === id);
}

/** Names of teammates (for @mentions), this device's person included. */
function teammateNames(): string[] {
  return [...new Set([myPerson, ...agents.map((agent) => agent.person)].filter((name) => name.trim() !== ''))];
}

// ---------------------------------------------------------------------------------------------
// Skeleton

const title = h('h1', { id: 'inbox-title' }, 'Inbox');
const subtitle = h('p', { class: 'muted small', id: 'inbox-subtitle' });
const devicesLink = h('a', { href: '/devices', id: 'devices-link', 'data-testid': 'devices-link', class: 'button-link' }, 'Linked devices');
// Teams, topics, capacities and canned replies are an admin's job; others never see the link.
const settingsLink = h('a', { href: '/settings', id: 'settings-link', 'data-testid': 'settings-link', class: 'button-link', hidden: true }, 'Settings');
const pageError = h('div', { id: 'inbox-error', class: 'error', role: 'alert', hidden: true, 'data-testid': 'inbox-error' });

const notifyCheckbox = h('input', { type: 'checkbox', id: 'notify-setting', 'data-testid': 'notify-setting', 'aria-describedby': 'notify-help' });
const notifyHelp = h('small', { id: 'notify-help', class: 'muted notify-help', hidden: true });
const notifyControl = h('label', { class: 'notify-setting', for: 'notify-setting', title: 'A sound and a browser notification when a conversation is assigned to you or a note mentions you' }, notifyCheckbox, ' Sound & notifications');

const statusToggle = h('button', { type: 'button', id: 'status-toggle', class: 'status-toggle', 'data-testid': 'status-toggle', role: 'switch', 'aria-checked': 'false', hidden: true }, 'Away');
const myLoad = h('span', { id: 'my-load', class: 'my-load', 'data-testid': 'my-load', hidden: true });
const agentBar = h('div', { class: 'agent-bar', id: 'agent-bar' }, statusToggle, myLoad);

const historyText = h('span', { class: 'history-progress-text small' });
const historyMeter = h('progress', { class: 'history-progress-meter', 'aria-hidden': 'true' }) as HTMLProgressElement;
const historyBar = h(
  'div',
  { class: 'history-progress', id: 'history-progress', 'data-testid': 'history-progress', role: 'progressbar', 'aria-valuemin': '0', hidden: true },
  historyText,
  ' ',
  historyMeter,
);
const historyWaiting = h('p', { class: 'muted small history-waiting', id: 'history-waiting', 'data-testid': 'history-waiting', hidden: true }, HISTORY_WAITING_TEXT);

const searchInput = h('input', {
  type: 'search',
  id: 'search-input',
  class: 'search-input',
  'data-testid': 'search-input',
  placeholder: 'Search messages on this device',
  autocomplete: 'off',
  'aria-describedby': 'search-help',
});
const searchHelp = h('small', { id: 'search-help', class: 'visually-hidden' }, 'Searches the decrypted messages kept in this browser. Escape clears.');
const searchBox = h('div', { class: 'inbox-search', role: 'search' }, h('label', { for: 'search-input', class: 'visually-hidden' }, 'Search messages'), searchInput, searchHelp);

const tabButtons = new Map<InboxTab, HTMLButtonElement>();
const tabCountElements = new Map<InboxTab, HTMLElement>();
const tabList = h('div', { class: 'inbox-tabs', role: 'tablist', 'aria-label': 'Conversation views' });
for (const name of TABS) {
  const count = h('span', { class: 'tab-count', 'data-testid': 'tab-count' }, '0');
  const button = h(
    'button',
    {
      type: 'button',
      role: 'tab',
      id: `tab-${name}`,
      class: 'inbox-tab',
      'data-testid': `tab-${name}`,
      'aria-selected': 'false',
      'aria-controls': 'conversation-panel',
      tabindex: -1,
      onclick: () => setTab(name, true),
    },
    h('span', { class: 'tab-name' }, TAB_NAMES[name]),
    ' ',
    count,
  );
  tabButtons.set(name, button);
  tabCountElements.set(name, count);
  tabList.append(button);
}
// Arrow keys move between tabs (the WAI-ARIA tabs pattern): one tab stop for the whole strip.
tabList.addEventListener('keydown', (event) => {
  const index = TABS.indexOf(tab);
  let next: number | null = null;
  if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
  else if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = TABS.length - 1;
  if (next === null) return;
  event.preventDefault();
  setTab(TABS[next]!, true);
});

const labelFilterBar = h('div', { class: 'label-filter', id: 'label-filter', 'data-testid': 'label-filter', hidden: true });
const conversationList = h('ul', { id: 'conversation-list', class: 'conversation-list', 'data-testid': 'conversation-list', 'aria-label': 'Conversations' });
const listEmpty = h('p', { id: 'conversations-empty', class: 'empty', hidden: true, 'data-testid': 'conversations-empty' });
const conversationPanel = h('div', { id: 'conversation-panel', role: 'tabpanel', class: 'conversation-panel' }, labelFilterBar, conversationList, listEmpty);
const searchResults = h('ul', { id: 'search-results', class: 'conversation-list search-results', 'data-testid': 'search-results', 'aria-label': 'Search results' });
const searchStatus = h('p', { id: 'search-status', class: 'muted small search-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'search-status' });
const searchPanel = h('div', { id: 'search-panel', class: 'search-panel', hidden: true }, searchStatus, searchResults);
const sidebar = h('aside', { class: 'inbox-list', id: 'inbox-list' }, searchBox, tabList, conversationPanel, searchPanel);

const threadHeader = h('header', { class: 'conversation-header', id: 'thread-header' });
const routingSection = h('section', { class: 'thread-routing', id: 'thread-routing', 'data-testid': 'thread-routing', 'aria-label': 'Assignment' });
const threadBanner = h('div', { class: 'error', role: 'alert', hidden: true, id: 'thread-error', 'data-testid': 'thread-error' });
const threadList = h('ol', { id: 'thread', 'data-testid': 'thread', class: 'thread', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
const threadScroller = h('div', { class: 'thread-scroller', id: 'thread-scroller' }, threadList);
const viewersLine = h('span', { class: 'collision-viewers', 'data-testid': 'collision-viewers', hidden: true });
const typersLine = h('span', { class: 'collision-typing', 'data-testid': 'collision-typing', hidden: true, 'aria-live': 'off' });
const collisionBar = h('div', { class: 'collision', id: 'collision', role: 'status', 'aria-live': 'polite', hidden: true }, viewersLine, typersLine);
const composerSlot = h('div', { class: 'composer-slot' });
const threadPane = h('section', { class: 'inbox-thread', id: 'inbox-thread', 'aria-live': 'off' });
const noSelection = h('div', { class: 'no-selection empty', id: 'no-selection' }, 'Select a conversation on the left.');

function mountSkeleton(): void {
  replaceChildren(
    root,
    h(
      'div',
      { class: 'inbox', id: 'inbox', 'data-testid': 'inbox' },
      h('div', { class: 'inbox-top' }, h('div', null, title, subtitle), h('nav', { class: 'row', 'aria-label': 'Inbox settings' }, h('span', { class: 'notify-wrap' }, notifyControl, notifyHelp), settingsLink, devicesLink)),
      pageError,
      historyBar,
      historyWaiting,
      h('div', { class: 'inbox-columns' }, sidebar, threadPane),
    ),
  );
  // The agent's own status belongs to the whole app, so it sits in the top bar next to the connection.
  const topbar = document.querySelector('.topbar');
  const connectionIndicator = document.getElementById('connection');
  if (topbar) topbar.insertBefore(agentBar, connectionIndicator);
  else root.prepend(agentBar);
  document.body.classList.add('inbox-page');
  replaceChildren(threadPane, noSelection);
}

// ---------------------------------------------------------------------------------------------
// Conversation list

interface ListInfo {
  last: LocalMessage | undefined;
  unread: number;
  /** Notes mentioning me that I have not seen in the thread yet. */
  mentions: number;
}

const listInfo = new Map<string, ListInfo>();

/** Per conversation, the highest seq this device showed me (for the @ count); below `baseline` all count as seen. */
let mentionsSeen: Record<string, number> = {};
let mentionsBaseline = 0;
const MENTIONS_SEEN_KEY = 'mentionsSeen';
const MENTIONS_BASELINE_KEY = 'mentionsBaseline';

function threadShown(conversation: string): boolean {
  return selected === conversation && document.visibilityState === 'visible';
}

async function computeListInfo(conversation: ConversationRouting): Promise<ListInfo> {
  const messages = await messenger.messages(conversation.id);
  const readSeq = (await messenger.knownReceipt(conversation.id, 'business'))?.readSeq ?? 0;
  const shown = threadShown(conversation.id);
  if (shown && messages.length > 0) await markMentionsSeen(conversation.id, messages[messages.length - 1]!.seq);
  const seen = Math.max(mentionsBaseline, mentionsSeen[conversation.id] ?? 0);
  return {
    last: messages[messages.length - 1],
    unread: shown ? 0 : unreadCount(messages, 'business', readSeq),
    mentions: shown ? 0 : unseenMentions(messages, { deviceId: myDeviceId, person: myPerson }, seen, teammateNames()),
  };
}

async function markMentionsSeen(conversation: string, seq: number): Promise<void> {
  if ((mentionsSeen[conversation] ?? 0) >= seq) return;
  mentionsSeen = { ...mentionsSeen, [conversation]: seq };
  await messenger.store.setMeta(MENTIONS_SEEN_KEY, mentionsSeen).catch(() => undefined);
}

function timeOf(conversation: ConversationRouting, info: ListInfo | undefined): HTMLElement {
  if (info?.last) return relativeTime(info.last.sentAt * 1000);
  return relativeTime(conversation.createdAt);
}

function labelChip(label: string, extra: Record<string, string> = {}): HTMLElement {
  const active = labelFilter === label;
  return h(
    'button',
    {
      type: 'button',
      class: `label-chip${active ? ' active' : ''}`,
      'data-testid': 'label-chip',
      'data-label': label,
      'aria-pressed': String(active),
      title: active ? `Showing only \u201C${label}\u201D \u2014 click to show all` : `Show only conversations labelled \u201C${label}\u201D`,
      onclick: (event: Event) => {
        event.stopPropagation();
        setLabelFilter(active ? null : label);
      },
      ...extra,
    },
    label,
  );
}

function conversationElement(conversation: ConversationRouting, nowMs: number): HTMLElement {
  const info = listInfo.get(conversation.id);
  const unread = info?.unread ?? 0;
  const mentions = info?.mentions ?? 0;
  const chip = statusChip(conversation, nowMs);
  const assignee = conversation.assignee;
  const mine = assignee?.deviceId === myDeviceId;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'conversation-button',
      'aria-current': conversation.id === selected ? 'true' : undefined,
      onclick: (event: Event) => {
        event.stopPropagation();
        void select(conversation.id);
      },
    },
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, initialOf(conversation.name)),
    h(
      'span',
      { class: 'conversation-info' },
      h('span', { class: 'conversation-line' }, h('strong', { class: 'conversation-name', 'data-testid': 'conversation-name' }, conversation.name), h('span', { class: 'conversation-time muted small' }, timeOf(conversation, info))),
      h('span', { class: 'conversation-phone muted small', 'data-testid': 'conversation-phone' }, conversation.phone),
      h(
        'span',
        { class: 'conversation-line' },
        h('span', { class: 'conversation-preview', 'data-testid': 'conversation-preview' }, info ? previewText(info.last ?? null, 'business') : '\u2026'),
        h(
          'span',
          { class: 'badges' },
          mentions > 0 ? h('span', { class: 'mention-badge', 'data-testid': 'mention-badge', title: 'Notes that mention you', 'aria-label': `${mentions} ${mentions === 1 ? 'note mentions' : 'notes mention'} you` }, `@${mentions}`) : null,
          unread > 0 ? h('span', { class: 'unread-badge', 'data-testid': 'unread-count', 'aria-label': `${unread} unread` }, String(unread)) : null,
        ),
      ),
      h(
        'span',
        { class: 'conversation-meta small' },
        chip ? h('span', { class: `status-chip status-${chip.kind}`, 'data-testid': 'status-chip', 'data-kind': chip.kind }, chip.text) : null,
        conversation.priority > 0 ? h('span', { class: 'status-chip priority', 'data-testid': 'priority-chip', title: 'Priority (higher is served first)' }, `Priority ${conversation.priority}`) : null,
        assignee
          ? h('span', { class: `assignee${mine ? ' mine' : ''}` }, h('span', { class: 'visually-hidden' }, 'Assigned to '), h('span', { 'data-testid': 'assignee-name', class: 'assignee-name' }, assignee.person), mine ? h('span', { class: 'you' }, ' (you)') : null)
          : null,
      ),
    ),
  );
  const labels = conversation.labels.length > 0 ? h('div', { class: 'conversation-labels' }, ...conversation.labels.map((label) => labelChip(label))) : null;
  return h(
    'li',
    {
      class: `conversation-item${conversation.id === selected ? ' selected' : ''}${unread > 0 ? ' unread' : ''}`,
      'data-testid': 'conversation-item',
      'data-conversation-id': conversation.id,
      'data-status': conversation.status,
      'data-assignee': assignee?.deviceId ?? '',
      'data-unread': String(unread),
      'data-mentions': String(mentions),
      // The whole row opens the conversation, not only the button inside it.
      onclick: () => void select(conversation.id),
    },
    button,
    labels,
  );
}

/** Which element of the list had the focus, to give it back after the list is rebuilt. */
function focusedInList(): { id: string; label: string | null } | null {
  const active = document.activeElement as HTMLElement | null;
  const item = active?.closest<HTMLElement>('.conversation-item');
  if (!active || !item || !conversationList.contains(item)) return null;
  return { id: item.dataset.conversationId!, label: active.dataset.label ?? null };
}

function renderList(): void {
  const nowMs = Date.now();
  const focus = focusedInList();
  const filter = { label: labelFilter };
  const counts = tabCounts(conversations, myDeviceId, filter);
  for (const name of TABS) {
    const button = tabButtons.get(name)!;
    button.setAttribute('aria-selected', String(name === tab));
    button.tabIndex = name === tab ? 0 : -1;
    button.classList.toggle('active', name === tab);
    tabCountElements.get(name)!.textContent = String(counts[name]);
    button.setAttribute('aria-label', `${TAB_NAMES[name]}, ${counts[name]}`);
  }
  conversationPanel.setAttribute('aria-labelledby', `tab-${tab}`);
  const items = tabItems(conversations, tab, myDeviceId, filter);
  conversationList.replaceChildren(...items.map((conversation) => conversationElement(conversation, nowMs)));
  setMessage(listEmpty, items.length === 0 ? emptyText(tab, conversations.length > 0, labelFilter, location.origin) : null);
  if (labelFilter) {
    replaceChildren(
      labelFilterBar,
      h('span', null, 'Label: '),
      h('strong', { 'data-testid': 'label-filter-value' }, labelFilter),
      ' ',
      h('button', { type: 'button', class: 'link-button', 'data-testid': 'label-filter-clear', onclick: () => setLabelFilter(null) }, 'Show all'),
    );
  }
  labelFilterBar.hidden = !labelFilter;
  if (focus) {
    const item = conversationList.querySelector<HTMLElement>(`.conversation-item[data-conversation-id="${CSS.escape(focus.id)}"]`);
    const target = focus.label ? item?.querySelector<HTMLElement>(`[data-label="${CSS.escape(focus.label)}"]`) : item?.querySelector<HTMLElement>('.conversation-button');
    (target ?? tabButtons.get(tab))?.focus();
  }
}

function setTab(next: InboxTab, focus = false): void {
  tab = next;
  try {
    storage()?.setItem(TAB_KEY, next);
  } catch {
    // remembered for this page only
  }
  renderList();
  if (focus) tabButtons.get(next)!.focus();
}

function setLabelFilter(label: string | null): void {
  labelFilter = label;
  renderList();
  renderRouting();
  if (label) labelFilterBar.querySelector<HTMLElement>('button')?.focus();
}

async function refreshListInfo(ids?: Iterable<string>): Promise<void> {
  const wanted = ids ? new Set(ids) : null;
  for (const conversation of conversations) {
    if (wanted && !wanted.has(conversation.id)) continue;
    try {
      listInfo.set(conversation.id, await computeListInfo(conversation));
    } catch {
      // the store failed for this one; keep what is shown
    }
  }
  renderList();
}

let loadingList: Promise<void> | null = null;
let loadAgain = false;

async function loadConversations(): Promise<void> {
  if (loadingList) {
    loadAgain = true;
    return loadingList;
  }
  loadingList = (async () => {
    do {
      loadAgain = false;
      let loaded: ConversationRouting[];
      try {
        const answer = await api.get<unknown[]>('/api/conversations');
        loaded = (Array.isArray(answer) ? answer : []).map(normalizeConversation).filter((state): state is ConversationRouting => state !== null);
        setMessage(pageError, null);
      } catch (error) {
        if (!isLoggedOut()) setMessage(pageError, `Could not load the conversations: ${errorMessage(error)}`);
        return;
      }
      // After a reconnect the frames that were missed are in this answer: notice what became mine.
      for (const state of newlyAssigned(loadedOnce ? conversations : null, loaded, myDeviceId)) notifyAssigned(state);
      loadedOnce = true;
      conversations = loaded.sort(compareRecent);
      renderList();
      if (selected) {
        renderRouting();
        maybeAccept(conversationById(selected));
      }
      await refreshListInfo();
      void syncReceipts();
    } while (loadAgain && !isLoggedOut());
  })().finally(() => {
    loadingList = null;
  });
  return loadingList;
}

const receiptsSynced = new Set<string>();

/**
 * Unread counts need the business side's read mark, which another agent may have moved while this
 * browser was closed: load it for conversations that look unread here (a few at a time).
 */
async function syncReceipts(): Promise<void> {
  const todo = conversations.filter((conversation) => (listInfo.get(conversation.id)?.unread ?? 0) > 0 && !receiptsSynced.has(conversation.id)).slice(0, 20);
  for (const conversation of todo) {
    receiptsSynced.add(conversation.id);
    try {
      await messenger.conversation(conversation.id);
    } catch {
      // a list that fails verification is reported when the conversation is opened
    }
  }
  if (todo.length > 0) await refreshListInfo(todo.map((conversation) => conversation.id));
}

/** A new message: move its conversation up, update the preview; unknown conversations reload the list. */
async function onMessage(message: LocalMessage): Promise<void> {
  const known = conversationById(message.conversation);
  if (!known) {
    await loadConversations();
  } else {
    known.lastSeq = Math.max(known.lastSeq, message.seq);
    conversations.sort(compareRecent);
    await refreshListInfo([message.conversation]);
  }
  if (message.conversation === selected) scheduleThreadRender();
  if (mentionsMe(message, { deviceId: myDeviceId, person: myPerson }, teammateNames())) notifyMention(message);
  if (searchInput.value.trim() !== '') scheduleSearch();
}

// ---------------------------------------------------------------------------------------------
// Routing state

/** Conversations this device is itself taking (claim, assign to self): no "assigned to you" for those. */
const ownActions = new Set<string>();

/** A new state from a frame or an action's answer. */
function applyState(state: ConversationRouting): void {
  const previous = conversationById(state.id);
  if (loadedOnce && !ownActions.has(state.id) && becameAssignedToMe(previous, state, myDeviceId)) notifyAssigned(state);
  conversations = applyConversationUpdate(conversations, state);
  if (!listInfo.has(state.id)) void refreshListInfo([state.id]);
  renderList();
  if (state.id === selected) {
    renderRouting();
    maybeAccept(state);
  }
}

function onRouting(event: RoutingEvent): void {
  switch (event.type) {
    case 'conversation': {
      const state = normalizeConversation(event.conversation);
      if (state) applyState(state);
      break;
    }
    case 'agent':
      applyAgent(event.agent);
      break;
    case 'activity': {
      const result = activity.apply(event, Date.now());
      if (shouldAnswerArrival(result, event, viewing)) sendActivity('viewing', event.conversation);
      if (result !== 'ignored' && event.conversation === selected) renderCollision();
      break;
    }
    default:
      break;
  }
}

const accepting = new Set<string>();

/** Opening a conversation offered to me accepts it (§14.1), once per offer. */
function maybeAccept(state: ConversationRouting | undefined): void {
  if (!state || state.id !== selected || document.visibilityState !== 'visible' || !shouldAccept(state, myDeviceId)) return;
  const key = `${state.id} ${state.offerExpiresAt}`;
  if (accepting.has(key)) return;
  accepting.add(key);
  void api
    .post<unknown>(`/api/conversations/${encodeURIComponent(state.id)}/accept`)
    .then((answer) => {
      const next = normalizeConversation(answer);
      if (next) applyState(next);
    })
    .catch((error) => {
      if (!isLoggedOut() && state.id === selected) showActionError(`Could not accept this conversation: ${errorMessage(error)}`);
    });
}

// ---------------------------------------------------------------------------------------------
// Agents, my status

function me(): Agent | undefined {
  return agents.find((agent) => agent.deviceId === myDeviceId);
}

function applyAgent(agent: Agent): void {
  const index = agents.findIndex((known) => known.deviceId === agent.deviceId);
  if (index >= 0) agents[index] = agent;
  else agents.push(agent);
  if (agent.deviceId === myDeviceId) renderMyStatus();
}

function renderMyStatus(): void {
  const mine = me();
  statusToggle.hidden = !mine;
  myLoad.hidden = !mine;
  if (!mine) return;
  const available = mine.status === 'available';
  statusToggle.setAttribute('aria-checked', String(available));
  statusToggle.dataset.status = mine.status;
  statusToggle.classList.toggle('available', available);
  statusToggle.textContent = available ? 'Available' : 'Away';
  statusToggle.title = available ? 'You get new conversations. Click to go away.' : 'You get no new conversations. Click to become available.';
  myLoad.textContent = `${mine.load}/${mine.capacity}`;
  myLoad.title = `${mine.load} of at most ${mine.capacity} conversations assigned to you`;
  myLoad.setAttribute('aria-label', `Your load: ${mine.load} of ${mine.capacity} conversations`);
}

async function loadAgents(): Promise<void> {
  try {
    const answer = await api.get<Agent[]>('/api/agents');
    agents = Array.isArray(answer) ? answer : [];
  } catch (error) {
    console.warn('Could not load the agents', error);
  }
  renderMyStatus();
}

async function loadTeams(): Promise<void> {
  try {
    const answer = await api.get<Team[]>('/api/teams');
    teams = Array.isArray(answer) ? answer : [];
  } catch (error) {
    console.warn('Could not load the teams', error);
  }
}

async function loadCannedReplies(): Promise<void> {
  try {
    const answer = await api.get<CannedReply[]>('/api/canned-replies');
    cannedReplies = Array.isArray(answer) ? answer : [];
  } catch (error) {
    console.warn('Could not load the canned replies', error);
  }
}

statusToggle.addEventListener('click', () => {
  const mine = me();
  if (!mine) return;
  const next = mine.status === 'available' ? 'away' : 'available';
  void whileBusy(statusToggle, next === 'away' ? 'Going away\u2026' : 'Becoming available\u2026', async () => {
    try {
      applyAgent(await api.put<Agent>('/api/agents/me/status', { status: next }));
    } catch (error) {
      if (!isLoggedOut()) setMessage(pageError, `Could not change your status: ${errorMessage(error)}`);
    }
  }).then(renderMyStatus);
});

// ---------------------------------------------------------------------------------------------
// Notifications

function notifyAssigned(state: ConversationRouting): void {
  notify(`${state.name || state.phone} was assigned to you`, state.reason?.text ?? '', state.id);
}

function notifyMention(message: LocalMessage): void {
  const conversation = conversationById(message.conversation);
  const who = message.senderName ?? 'A teammate';
  // Old mentions (arriving after a long time offline) still count, but do not ring.
  notify(`${who} mentioned you in a note on ${conversation?.name ?? 'a conversation'}`, '', message.conversation, isFresh(message, Date.now()));
}

function notify(text: string, body: string, conversation: string, ring = true): void {
  showToast(text, () => {
    void select(conversation, { reveal: true });
  });
  if (!ring || !notifyCheckbox.checked) return;
  beep();
  if (document.visibilityState !== 'visible' || !document.hasFocus()) {
    browserNotification(text, body, `switchboard-${conversation}`, () => void select(conversation, { reveal: true }));
  }
}

function showNotifyHelp(text: string | null): void {
  setMessage(notifyHelp, text);
}

notifyCheckbox.addEventListener('change', () => {
  const on = notifyCheckbox.checked;
  saveNotifySetting(storage(), on);
  showNotifyHelp(null);
  if (!on) return;
  // The click is the gesture browsers want before they play sound or ask for permission.
  unlockSound();
  void askPermission().then((permission) => showNotifyHelp(permissionText(permission)));
});

// ---------------------------------------------------------------------------------------------
// Search

let searchTimer: ReturnType<typeof setTimeout> | null = null;
let searchRun = 0;

function scheduleSearch(): void {
  if (searchTimer) clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void runSearch(), 150);
}

function clearSearch(): void {
  if (searchTimer) clearTimeout(searchTimer);
  searchRun++;
  searchInput.value = '';
  searchPanel.hidden = true;
  conversationPanel.hidden = false;
  tabList.hidden = false;
  searchResults.replaceChildren();
}

async function runSearch(): Promise<void> {
  const query = normalizeQuery(searchInput.value);
  if (query === '') {
    clearSearch();
    return;
  }
  const run = ++searchRun;
  let results: SearchResult[];
  try {
    results = groupResults(await messenger.store.searchMessages(query), query);
  } catch (error) {
    if (run === searchRun) setMessage(searchStatus, `Search failed: ${errorMessage(error)}`);
    return;
  }
  if (run !== searchRun) return;
  conversationPanel.hidden = true;
  tabList.hidden = true;
  searchPanel.hidden = false;
  searchStatus.textContent =
    results.length === 0
      ? `No messages on this device contain \u201C${searchInput.value.trim()}\u201D.`
      : `${results.length} ${results.length === 1 ? 'conversation' : 'conversations'} \u2014 Escape clears the search`;
  searchResults.replaceChildren(
    ...results.map((result) => {
      const conversation = conversationById(result.conversation);
      const snippet = result.snippet;
      return h(
        'li',
        { class: `search-result${result.conversation === selected ? ' selected' : ''}`, 'data-testid': 'search-result', 'data-conversation-id': result.conversation },
        h(
          'button',
          { type: 'button', class: 'conversation-button', onclick: () => void select(result.conversation) },
          h('span', { class: 'avatar', 'aria-hidden': 'true' }, initialOf(conversation?.name ?? '?')),
          h(
            'span',
            { class: 'conversation-info' },
            h(
              'span',
              { class: 'conversation-line' },
              h('strong', { class: 'conversation-name' }, conversation?.name ?? 'Unknown conversation'),
              h('span', { class: 'conversation-time muted small' }, relativeTime(result.message.sentAt * 1000)),
            ),
            h(
              'span',
              { class: 'search-snippet', 'data-testid': 'search-snippet' },
              result.message.kind === 'note' ? h('span', { class: 'muted' }, 'Note: ') : null,
              snippet.before,
              h('mark', { 'data-testid': 'search-highlight' }, snippet.match),
              snippet.after,
            ),
            result.count > 1 ? h('span', { class: 'muted small' }, `${result.count} matching messages`) : null,
          ),
        ),
      );
    }),
  );
}

searchInput.addEventListener('input', scheduleSearch);
searchInput.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    clearSearch();
  } else if (event.key === 'ArrowDown' && !searchPanel.hidden) {
    event.preventDefault();
    searchResults.querySelector<HTMLElement>('button')?.focus();
  }
});
searchPanel.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    clearSearch();
    searchInput.focus();
  }
});

// ---------------------------------------------------------------------------------------------
// Collision (§14.4)

/** The conversation this device has told the others it views. */
let viewing: string | null = null;
let viewingTimer: ReturnType<typeof setInterval> | null = null;

function sendActivity(type: Activity, conversation: string): void {
  connection?.send({ type, conversation });
}

function startViewing(): void {
  const conversation = selected && document.visibilityState === 'visible' ? selected : null;
  if (conversation === viewing) return;
  stopViewing();
  if (!conversation) return;
  viewing = conversation;
  sendActivity('viewing', conversation);
  viewingTimer = setInterval(() => sendActivity('viewing', conversation), VIEWING_REPEAT_MS);
}

function stopViewing(): void {
  if (viewingTimer) clearInterval(viewingTimer);
  viewingTimer = null;
  if (viewing) {
    sendActivity('left', viewing);
    typing.reset(viewing);
  }
  viewing = null;
}

function onTyping(): void {
  if (selected && selected === viewing && typing.shouldSend(selected, Date.now())) sendActivity('typing', selected);
}

function renderCollision(): void {
  if (!selected) return;
  const presence = activity.presence(selected, Date.now());
  const viewers = viewersText(presence.viewers);
  const typers = typersText(presence.typers);
  if ((viewersLine.textContent || null) !== viewers) setMessage(viewersLine, viewers);
  if ((typersLine.textContent || null) !== typers) setMessage(typersLine, typers);
  collisionBar.hidden = !viewers && !typers;
}

// ---------------------------------------------------------------------------------------------
// Thread

let threadState: ConversationState | null = null;

function customerName(): string {
  return conversationById(selected)?.name ?? threadState?.name ?? 'the customer';
}

/** Notes show @mentions of teammates marked, mine stronger. */
function decorateText(text: string, entry: { kind: string }): Child[] | null {
  if (entry.kind !== 'note' || !text.includes('@')) return null;
  const names = teammateNames();
  const parts = splitMentions(text, names);
  if (!parts.some((part) => part.mention)) return null;
  return parts.map((part) => {
    if (!part.mention) return part.text;
    const isMe = part.mention.toLowerCase() === myPerson.trim().toLowerCase();
    return h(isMe ? 'mark' : 'span', { class: `mention${isMe ? ' mention-me' : ''}`, 'data-testid': isMe ? 'mention-me' : 'mention' }, part.text);
  });
}

async function renderThreadNow(): Promise<void> {
  if (!selected) return;
  const conversation = selected;
  const stored = await messenger.messages(conversation);
  if (conversation !== selected) return;
  const entries = threadEntries(stored, pendingSends.filter((send) => send.conversation === conversation), {
    mySide: 'business',
    myDeviceId: messenger.deviceId,
    otherReceipt: messenger.receipt(conversation, 'customer'),
    namesOnMine: true,
  });
  renderThread(threadList, entries, {
    emptyText: stored.length === 0 && (conversationById(conversation)?.lastSeq ?? 0) > 0
      ? 'No messages on this device yet. Messages sent before this browser was linked are not shown here.'
      : `No messages yet. Write the first one to ${customerName()}.`,
    namesOnMine: true,
    showSenderNames: false,
    scroller: threadScroller,
    decorateText,
  });
  void markRead(stored);
}

let threadRenderQueued = false;
function scheduleThreadRender(): void {
  if (threadRenderQueued) return;
  threadRenderQueued = true;
  queueMicrotask(() => {
    threadRenderQueued = false;
    void renderThreadNow().catch((error) => console.error(error));
  });
}

async function markRead(stored?: LocalMessage[]): Promise<void> {
  if (!selected || document.visibilityState !== 'visible' || isLoggedOut()) return;
  const conversation = selected;
  try {
    const messages = stored ?? (await messenger.messages(conversation));
    const seq = await messenger.markRead(conversation, messages);
    const last = messages[messages.length - 1];
    const mentionsWereCounted = (listInfo.get(conversation)?.mentions ?? 0) > 0;
    if (last) await markMentionsSeen(conversation, last.seq);
    if (seq !== null || mentionsWereCounted) await refreshListInfo([conversation]);
  } catch {
    // tried again with the next render
  }
}

async function headerFor(state: ConversationState | null, summary: ConversationRouting | undefined): Promise<HTMLElement[]> {
  const name = summary?.name ?? state?.name ?? '';
  const phone = summary?.phone ?? state?.phone ?? '';
  const primary = state?.customer.list.devices.find((device) => device.primary);
  const code = primary ? await fingerprintOf(B64u.decode(primary.signingKey), B64u.decode(primary.agreementKey)).catch(() => null) : null;
  const back = h('button', { type: 'button', class: 'back-button', 'aria-label': 'Back to the conversations', onclick: () => select(null) }, '\u2190');
  return [
    back,
    h('div', { class: 'avatar', 'aria-hidden': 'true' }, initialOf(name)),
    h('div', { class: 'conversation-title' }, h('h2', { id: 'thread-name', 'data-testid': 'thread-name' }, name), h('p', { class: 'muted small', id: 'thread-phone', 'data-testid': 'thread-phone' }, phone)),
    code
      ? h(
          'details',
          { class: 'security-code' },
          h('summary', null, 'Security code'),
          h('p', { class: 'small' }, `Security code of ${name}\u2019s browser (trusted since it was first seen):`),
          h('div', { class: 'fingerprint', 'data-testid': 'customer-fingerprint' }, code),
        )
      : h('span'),
  ];
}

// ---- The routing part of the thread header: state, reason, actions, labels, history. The label
// form and the history panel stay in place across updates (typing must not be lost); the rest is
// rebuilt, giving the focus back to the same control.

const statusLine = h('div', { class: 'routing-status' });
const offerLine = h('p', { class: 'offer-countdown', 'data-testid': 'offer-countdown', role: 'timer', 'aria-live': 'off', hidden: true });
const actionsRow = h('div', { class: 'routing-actions', role: 'toolbar', 'aria-label': 'Conversation actions' });
const labelChips = h('ul', { class: 'thread-labels', 'data-testid': 'thread-labels', 'aria-label': 'Labels' });
const labelInput = h('input', {
  type: 'text',
  id: 'label-input',
  class: 'label-input',
  'data-testid': 'label-input',
  placeholder: 'Add label',
  maxlength: 40,
  autocomplete: 'off',
  'aria-label': 'New label',
  list: 'known-labels',
});
const knownLabels = h('datalist', { id: 'known-labels' });
const labelAdd = h('button', { type: 'submit', class: 'label-add', 'data-testid': 'label-add' }, 'Add');
const labelForm = h('form', { class: 'label-form', novalidate: true }, labelInput, labelAdd, knownLabels);
const labelsRow = h('div', { class: 'labels-row' }, labelChips, labelForm);
const historyList = h('ol', { class: 'assignment-history-list', 'data-testid': 'assignment-history-list' });
const historyDetails = h(
  'details',
  { class: 'assignment-history', 'data-testid': 'assignment-history' },
  h('summary', { 'data-testid': 'assignment-history-toggle' }, 'Assignment history'),
  historyList,
);

function renderRouting(): void {
  const state = conversationById(selected);
  if (!state) {
    routingSection.hidden = true;
    composer?.setWarning(null);
    return;
  }
  routingSection.hidden = false;
  const focusedTestId = routingSection.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.testid : undefined;
  const nowMs = Date.now();
  const chip = statusChip(state, nowMs);
  const team = state.teamId ? teams.find((known) => known.id === state.teamId) : undefined;
  const assignee = state.assignee;
  replaceChildren(
    statusLine,
    h('span', { class: `status-chip status-${state.status}`, 'data-testid': 'thread-status', 'data-status': state.status }, STATUS_NAMES[state.status]),
    state.status === 'snoozed' && state.snoozedUntil
      ? h('span', { class: 'muted small', 'data-testid': 'thread-status-detail', title: formatExact(Date.parse(state.snoozedUntil)) }, `until ${formatWhen(state.snoozedUntil, nowMs)}`)
      : chip && chip.kind === 'waiting'
        ? h('span', { class: `status-chip status-${chip.kind}`, 'data-testid': 'thread-status-detail' }, chip.text)
        : null,
    team ? h('span', { class: 'muted small', 'data-testid': 'thread-team' }, `Team: ${team.name}`) : null,
    h(
      'span',
      { class: 'thread-assignee', 'data-testid': 'thread-assignee', 'data-assignee': assignee?.deviceId ?? '' },
      ...(assignee ? ['Assigned to ', h('strong', null, assignee.deviceId === myDeviceId ? `${assignee.person} (you)` : assignee.person)] : [h('span', { class: 'muted' }, 'Unassigned')]),
    ),
    assignee && state.reason?.text
      ? h('span', { class: 'reason-line small' }, h('span', { class: 'muted' }, 'Why this agent: '), h('span', { 'data-testid': 'assignment-reason', 'data-code': state.reason.code }, state.reason.text))
      : null,
  );
  renderOffer();
  replaceChildren(actionsRow, ...availableActions(state, myDeviceId, supervisor).map((action) => actionButton(action, state)));
  replaceChildren(
    labelChips,
    ...state.labels.map((label) =>
      h(
        'li',
        { class: 'thread-label', 'data-testid': 'thread-label', 'data-label': label },
        labelChip(label),
        h('button', { type: 'button', class: 'label-remove', 'data-testid': 'label-remove', 'data-label': label, 'aria-label': `Remove label ${label}`, title: `Remove \u201C${label}\u201D`, onclick: () => void removeLabel(label) }, '\u00d7'),
      ),
    ),
  );
  const everyLabel = [...new Set(conversations.flatMap((conversation) => conversation.labels))].filter((label) => !state.labels.includes(label)).sort();
  knownLabels.replaceChildren(...everyLabel.map((label) => h('option', { value: label })));
  composer?.setWarning(assigneeWarning(state, myDeviceId));
  if (historyDetails.open) void loadAssignmentHistory();
  if (focusedTestId && !routingSection.contains(document.activeElement)) {
    routingSection.querySelector<HTMLElement>(`[data-testid="${CSS.escape(focusedTestId)}"]`)?.focus();
  }
}

const offerText = h('span', { class: 'offer-text' });
const acceptButton = h('button', { type: 'button', class: 'primary small-button', 'data-testid': 'accept-button' }, 'Accept');
acceptButton.addEventListener('click', () => void whileBusy(acceptButton, 'Accepting\u2026', () => runAction('accept')));
offerLine.append(offerText, acceptButton);

/** The countdown of an offer to me; only its text changes each second, so the button keeps focus. */
function renderOffer(): void {
  const state = conversationById(selected);
  const left = state ? offerSecondsLeft(state, myDeviceId, Date.now()) : null;
  offerLine.hidden = left === null;
  if (left === null) return;
  const text = left > 0 ? `Offered to you \u2014 accept within ${formatCountdown(left)}` : 'The offer to you has run out; the conversation goes to the next agent.';
  if (offerText.textContent !== text) offerText.textContent = text;
  acceptButton.hidden = left === 0;
}

const ACTION_LABELS: Record<InboxAction, string> = {
  claim: 'Claim',
  assign: 'Assign to\u2026',
  transfer: 'Transfer\u2026',
  unassign: 'Unassign',
  pending: 'Pending',
  snooze: 'Snooze\u2026',
  resolve: 'Resolve',
  reopen: 'Reopen',
};

const ACTION_HINTS: Record<InboxAction, string> = {
  claim: 'Take this conversation from the queue',
  assign: 'Give this conversation to an agent',
  transfer: 'Hand this conversation to another agent or team, with a private note',
  unassign: 'Put this conversation back in the queue',
  pending: 'Waiting on something; the customer\u2019s next message opens it again',
  snooze: 'Hide this conversation until a time; it comes back by itself',
  resolve: 'Done; the customer\u2019s next message opens it again',
  reopen: 'Open this conversation again and put it in the queue',
};

function actionButton(action: InboxAction, state: ConversationRouting): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: `action-${action}${action === 'claim' || action === 'resolve' ? ' primary' : ''}`, 'data-testid': `${action}-button`, title: ACTION_HINTS[action] },
    ACTION_LABELS[action],
  );
  button.addEventListener('click', () => {
    switch (action) {
      case 'assign':
        void openAgentDialog('assign', state, button);
        break;
      case 'transfer':
        void openAgentDialog('transfer', state, button);
        break;
      case 'snooze':
        openSnoozeDialog(state, button);
        break;
      default:
        void whileBusy(button, `${ACTION_LABELS[action]}\u2026`, () => runAction(action));
        break;
    }
  });
  return button;
}

function showActionError(message: string | null): void {
  if (message) threadBanner.dataset.source = 'action';
  else if (threadBanner.dataset.source !== 'action') return;
  setMessage(threadBanner, message);
}

/**
 * POSTs an action of §14.3 for the selected conversation; the answer is the new state. Resolves
 * with null when done, else with the server's reason (also shown in the thread's error banner).
 */
async function runAction(action: string, body?: unknown): Promise<string | null> {
  const conversation = selected;
  if (!conversation) return 'Select a conversation first.';
  const self = action === 'claim' || (action === 'assign' && (body as { deviceId?: string } | undefined)?.deviceId === myDeviceId);
  if (self) ownActions.add(conversation);
  try {
    const answer = await api.post<unknown>(`/api/conversations/${encodeURIComponent(conversation)}/${action}`, body);
    const state = normalizeConversation(answer);
    if (state) applyState(state);
    if (conversation === selected) showActionError(null);
    return null;
  } catch (error) {
    if (!isLoggedOut() && conversation === selected) showActionError(errorMessage(error));
    return errorMessage(error);
  } finally {
    // The frame of the same change may come after the answer; give it a moment.
    if (self) setTimeout(() => ownActions.delete(conversation), 3000);
  }
}

// ---- Labels

async function putLabels(labels: string[]): Promise<boolean> {
  const conversation = selected;
  if (!conversation) return false;
  try {
    const state = normalizeConversation(await api.put<unknown>(`/api/conversations/${encodeURIComponent(conversation)}/labels`, { labels }));
    if (state) applyState(state);
    showActionError(null);
    return true;
  } catch (error) {
    if (!isLoggedOut()) showActionError(`Could not change the labels: ${errorMessage(error)}`);
    return false;
  }
}

labelForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const state = conversationById(selected);
  if (!state) return;
  const label = normalizeLabel(labelInput.value);
  const problem = labelError(label, state.labels);
  setFieldError(labelInput, problem);
  if (problem) {
    labelInput.focus();
    return;
  }
  void whileBusy(labelAdd, 'Adding\u2026', async () => {
    if (await putLabels([...state.labels, label])) {
      labelInput.value = '';
      labelInput.focus();
    }
  });
});
labelInput.addEventListener('input', () => setFieldError(labelInput, null));

async function removeLabel(label: string): Promise<void> {
  const state = conversationById(selected);
  if (!state) return;
  if (await putLabels(state.labels.filter((known) => known !== label))) labelInput.focus();
}

// ---- Assignment history

let historyLoad = 0;

async function loadAssignmentHistory(): Promise<void> {
  const conversation = selected;
  if (!conversation) return;
  const run = ++historyLoad;
  if (historyList.childElementCount === 0) replaceChildren(historyList, h('li', { class: 'muted small' }, 'Loading\u2026'));
  let records: AssignmentRecord[];
  try {
    records = await api.get<AssignmentRecord[]>(`/api/conversations/${encodeURIComponent(conversation)}/assignments`);
  } catch (error) {
    if (run === historyLoad && conversation === selected) replaceChildren(historyList, h('li', { class: 'error small' }, `Could not load the history: ${errorMessage(error)}`));
    return;
  }
  if (run !== historyLoad || conversation !== selected) return;
  const nowMs = Date.now();
  const byName = (deviceId: string | null) => (deviceId ? agents.find((agent) => agent.deviceId === deviceId)?.person ?? null : null);
  replaceChildren(
    historyList,
    ...(records.length === 0
      ? [h('li', { class: 'muted small' }, 'Never assigned yet.')]
      : records.map((record) => {
          const by = byName(record.byDeviceId);
          return h(
            'li',
            { class: 'assignment-record small', 'data-testid': 'assignment-record', 'data-end-reason': record.endReason ?? 'current' },
            h('strong', null, record.person),
            ` \u2014 ${record.reason?.text ?? ''}`,
            by && record.byDeviceId !== record.deviceId ? ` (by ${by})` : '',
            h('br'),
            h('span', { class: 'muted', title: formatExact(Date.parse(record.assignedAt)) }, formatWhen(record.assignedAt, nowMs)),
            record.endedAt
              ? h('span', { class: 'muted', title: formatExact(Date.parse(record.endedAt)) }, ` \u2192 ${formatWhen(record.endedAt, nowMs)}, ${endReasonText(record.endReason)}`)
              : h('span', { class: 'current-assignment' }, ' \u2014 current'),
          );
        })),
  );
}

historyDetails.addEventListener('toggle', () => {
  if (historyDetails.open) void loadAssignmentHistory();
});

// ---- Dialogs

function modal(id: string, titleText: string, ...content: Child[]): { dialog: HTMLDialogElement; close: () => void } {
  document.getElementById(id)?.remove();
  const dialog = h('dialog', { id, class: 'dialog routing-dialog', 'aria-labelledby': `${id}-title`, 'data-testid': id }, h('h2', { id: `${id}-title` }, titleText), ...content);
  const close = () => {
    if (dialog.open) dialog.close();
    dialog.remove();
  };
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  return { dialog, close };
}

/** Gives the focus back to the control that opened a dialog (or its re-rendered twin). */
function refocus(opener: HTMLElement): void {
  const testId = opener.dataset.testid;
  const target = opener.isConnected ? opener : testId ? routingSection.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`) : null;
  (target ?? composer.input).focus();
}

function agentOption(agent: Agent): HTMLOptionElement {
  const state = `${agent.online ? agent.status : 'offline'}, ${agent.load}/${agent.capacity}`;
  const who = agent.deviceId === myDeviceId ? `${agent.person} (you)` : agent.person;
  return h('option', { value: agent.deviceId }, `${who} \u2014 ${agent.label} (${state})`);
}

/** Assign to an agent (supervisors) or transfer to an agent or team with a note for the next one. */
async function openAgentDialog(mode: 'assign' | 'transfer', state: ConversationRouting, opener: HTMLElement): Promise<void> {
  await Promise.all([loadAgents(), mode === 'transfer' ? loadTeams() : Promise.resolve()]);
  if (selected !== state.id) return;
  const candidates = agents
    .filter((agent) => agent.deviceId !== state.assignee?.deviceId)
    .sort((a, b) => Number(b.online && b.status === 'available') - Number(a.online && a.status === 'available') || a.person.localeCompare(b.person));
  const agentSelect = h(
    'select',
    { id: `${mode}-agent-select`, 'data-testid': `${mode}-agent-select` },
    h('option', { value: '' }, candidates.length === 0 ? 'No other agents' : mode === 'transfer' ? '\u2014 no agent \u2014' : 'Choose an agent'),
    ...candidates.map(agentOption),
  );
  const error = h('p', { class: 'error', role: 'alert', hidden: true, 'data-testid': `${mode}-error` });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': `${mode}-submit` }, mode === 'transfer' ? 'Transfer' : 'Assign');
  const cancel = h('button', { type: 'button', 'data-testid': `${mode}-cancel` }, 'Cancel');
  const fields: Child[] = [h('label', { for: agentSelect.id }, mode === 'transfer' ? 'To an agent' : 'Agent', agentSelect)];
  let teamSelect: HTMLSelectElement | null = null;
  let note: HTMLTextAreaElement | null = null;
  if (mode === 'transfer') {
    teamSelect = h(
      'select',
      { id: 'transfer-team-select', 'data-testid': 'transfer-team-select', disabled: teams.length === 0 },
      h('option', { value: '' }, teams.length === 0 ? 'No teams set up' : '\u2014 no team \u2014'),
      ...teams.filter((team) => team.id !== state.teamId || state.assignee !== null).map((team) => h('option', { value: team.id }, team.name)),
    );
    note = h('textarea', { id: 'transfer-note', 'data-testid': 'transfer-note', rows: 3, maxlength: 20000, placeholder: 'What the next agent should know' });
    // One target only: picking one clears the other.
    agentSelect.addEventListener('change', () => {
      if (agentSelect.value && teamSelect) teamSelect.value = '';
    });
    teamSelect.addEventListener('change', () => {
      if (teamSelect!.value) agentSelect.value = '';
    });
    fields.push(
      h('p', { class: 'muted small or' }, 'or'),
      h('label', { for: 'transfer-team-select' }, 'To a team\u2019s queue (keeps its place in line)', teamSelect),
      h('label', { for: 'transfer-note' }, 'Note for the next agent ', h('small', { class: 'muted' }, '(optional, a private note \u2014 the customer never sees it)'), note),
    );
  }
  const form = h('form', { class: 'form wide', novalidate: true }, ...fields, error, h('div', { class: 'row' }, submit, cancel));
  const { dialog, close } = modal(
    `${mode}-dialog`,
    mode === 'transfer' ? `Transfer ${state.name || 'this conversation'}` : `Assign ${state.name || 'this conversation'}`,
    form,
  );
  dialog.addEventListener('close', () => refocus(opener));
  cancel.addEventListener('click', close);
  agentSelect.focus();
  let noteSent = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const deviceId = agentSelect.value;
    const teamId = teamSelect?.value ?? '';
    if (!deviceId && !teamId) {
      setMessage(error, mode === 'transfer' ? 'Choose an agent or a team.' : 'Choose an agent.');
      agentSelect.focus();
      return;
    }
    setMessage(error, null);
    void whileBusy(submit, mode === 'transfer' ? 'Transferring\u2026' : 'Assigning\u2026', async () => {
      const text = note?.value.trim() ?? '';
      if (text && !noteSent) {
        // The note goes first, as an ordinary encrypted private note, so it is in the thread when
        // the next agent opens it (§14.3).
        try {
          await sendTo(state.id, text, true);
          noteSent = true;
        } catch (failure) {
          setMessage(error, `The note could not be sent, so nothing was transferred: ${errorMessage(failure)}`);
          return;
        }
      }
      const reason = await runAction(mode, deviceId ? { deviceId } : { teamId });
      if (reason === null) {
        close();
        return;
      }
      if (noteSent && note) {
        note.value = '';
        note.disabled = true;
        setMessage(error, `The note was sent, but the transfer failed: ${reason}`);
      } else {
        setMessage(error, reason);
      }
    });
  });
}

function openSnoozeDialog(state: ConversationRouting, opener: HTMLElement): void {
  const nowMs = Date.now();
  const error = h('p', { class: 'error', role: 'alert', hidden: true, 'data-testid': 'snooze-error' });
  const snooze = async (until: Date, button: HTMLButtonElement): Promise<void> => {
    await whileBusy(button, 'Snoozing\u2026', async () => {
      const reason = await runAction('snooze', { until: until.toISOString() });
      if (reason === null) close();
      else setMessage(error, reason);
    });
  };
  const presets = snoozePresets(nowMs).map((preset) => {
    const button = h(
      'button',
      { type: 'button', class: 'snooze-preset', 'data-testid': `snooze-${preset.id}`, title: formatExact(preset.until.getTime()) },
      preset.label,
      h('span', { class: 'muted small' }, ` \u2014 ${formatWhen(preset.until.toISOString(), nowMs)}`),
    );
    button.addEventListener('click', () => void snooze(preset.until, button));
    return h('li', null, button);
  });
  const custom = h('input', { type: 'datetime-local', id: 'snooze-custom', 'data-testid': 'snooze-custom' });
  const customSubmit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'snooze-custom-submit' }, 'Snooze');
  const customForm = h(
    'form',
    { class: 'snooze-custom', novalidate: true },
    h('label', { for: 'snooze-custom' }, 'Until a date and time'),
    h('div', { class: 'row' }, custom, customSubmit),
  );
  const cancel = h('button', { type: 'button', 'data-testid': 'snooze-cancel' }, 'Cancel');
  const { dialog, close } = modal('snooze-dialog', `Snooze ${state.name || 'this conversation'}`, h('p', { class: 'muted small' }, 'It comes back by itself then, or sooner when the customer writes.'), h('ul', { class: 'snooze-presets' }, ...presets), customForm, error, h('div', { class: 'row' }, cancel));
  dialog.addEventListener('close', () => refocus(opener));
  cancel.addEventListener('click', close);
  customForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = snoozeUntilError(custom.value, Date.now());
    setFieldError(custom, problem);
    if (problem) {
      custom.focus();
      return;
    }
    void snooze(new Date(custom.value), customSubmit);
  });
  presets[0]?.querySelector('button')?.focus();
}

// ---- Selecting a conversation

async function select(id: string | null, options: { reveal?: boolean } = {}): Promise<void> {
  if (id === selected && id !== null && threadPane.contains(threadList)) return;
  if (id !== selected) stopViewing();
  selected = id;
  threadState = null;
  if (location.hash !== (id ? `#c=${id}` : '')) history.replaceState(null, '', id ? `#c=${encodeURIComponent(id)}` : location.pathname);
  document.body.classList.toggle('has-selection', id !== null);
  const summary = conversationById(id);
  // Opened from a toast or a link: show it in the list too.
  if (summary && options.reveal && searchPanel.hidden) {
    if (labelFilter && !summary.labels.includes(labelFilter)) labelFilter = null;
    tab = tabShowing(summary, tab, myDeviceId);
  }
  renderList();
  if (!searchPanel.hidden) {
    for (const item of searchResults.querySelectorAll<HTMLElement>('.search-result')) item.classList.toggle('selected', item.dataset.conversationId === id);
  }
  if (!id) {
    replaceChildren(threadPane, noSelection);
    return;
  }
  replaceChildren(threadHeader, ...(await headerFor(null, summary)));
  if (selected !== id) return;
  setMessage(threadBanner, null);
  delete threadBanner.dataset.source;
  threadList.replaceChildren();
  historyDetails.open = false;
  historyList.replaceChildren();
  labelInput.value = '';
  setFieldError(labelInput, null);
  replaceChildren(routingSection, statusLine, offerLine, actionsRow, labelsRow, historyDetails);
  replaceChildren(threadPane, threadHeader, routingSection, threadBanner, threadScroller, collisionBar, composerSlot);
  replaceChildren(composerSlot, composer.element);
  composer.setEnabled(false);
  renderRouting();
  renderCollision();
  startViewing();
  maybeAccept(summary);
  await renderThreadNow();
  try {
    threadState = await messenger.conversation(id, { force: true });
    if (selected !== id) return;
    replaceChildren(threadHeader, ...(await headerFor(threadState, summary)));
    composer.setEnabled(true);
    composer.setError(null);
    composer.input.placeholder = composer.isNote() ? 'Private note \u2014 only your team sees this' : `Reply to ${customerName()}`;
    scheduleThreadRender();
    void refreshListInfo([id]);
  } catch (error) {
    if (selected !== id || isLoggedOut()) return;
    setMessage(threadBanner, error instanceof ApiError ? `Could not load this conversation: ${errorMessage(error)}` : listRefusalText(error, summary?.name ?? 'this customer'));
  }
}

async function send(text: string, note: boolean): Promise<void> {
  if (!selected) throw new Error('Select a conversation first.');
  return sendTo(selected, text, note);
}

/** Sends a reply or a private note (the composer's path, also used for a transfer's note). */
async function sendTo(conversation: string, text: string, note: boolean): Promise<void> {
  const kind = note ? 'note' : 'text';
  const reuse = lastFailed && lastFailed.text === text && lastFailed.kind === kind && lastFailed.conversation === conversation ? lastFailed.clientMessageId : null;
  const pending: PendingSend = { clientMessageId: reuse ?? newClientMessageId(), conversation, text, kind, createdAtMs: Date.now(), error: null };
  pendingSends.push(pending);
  scheduleThreadRender();
  try {
    await messenger.sendText(conversation, text, kind, pending.clientMessageId);
    lastFailed = null;
  } catch (error) {
    lastFailed = pending;
    if (error instanceof ApiError && error.status === 0) throw new Error('Not sent: the server could not be reached. Check the connection and send again.');
    throw new Error(`Not sent: ${errorMessage(error)}`);
  } finally {
    pendingSends = pendingSends.filter((item) => item !== pending);
    scheduleThreadRender();
  }
}

async function sendAttachment(file: File, caption: string, progress: (progress: UploadProgress) => void): Promise<void> {
  if (!selected) throw new Error('Select a conversation first.');
  const conversation = selected;
  await sendAttachmentMessage(messenger, conversation, file, caption, progress, {
    add: (pending) => pendingSends.push(pending),
    remove: (pending) => {
      pendingSends = pendingSends.filter((item) => item !== pending);
    },
    render: scheduleThreadRender,
  });
}

// ---------------------------------------------------------------------------------------------
// History sync

let historyHelper: HistoryHelper | null = null;

/** The business list, fetched and verified again (a new device must be on it before keys are wrapped for it). */
async function freshlyVerifiedBusinessList(trust: ListTrust): Promise<DeviceList | null> {
  try {
    const fresh = await api.get<DevicesView>('/api/devices');
    return (await trust.accept('business', fresh.deviceList, identity.account)).list;
  } catch (error) {
    console.warn('History sync: the business device list could not be verified', error);
    return null;
  }
}

function showHistory(progress: HistoryProgress | null, waiting: boolean, text = ''): void {
  if (!progress) {
    historyBar.hidden = true;
    historyWaiting.hidden = true;
    return;
  }
  historyText.textContent = text;
  historyMeter.max = Math.max(1, progress.total);
  historyMeter.value = progress.synced;
  historyBar.setAttribute('aria-valuenow', String(progress.synced));
  historyBar.setAttribute('aria-valuemax', String(progress.total));
  historyBar.setAttribute('aria-valuetext', text);
  historyBar.hidden = false;
  historyWaiting.hidden = !waiting;
}

let historyFetching: Promise<void> | null = null;
let historyFetchAgain = false;

/** Fetches the readable history and refreshes the views once (merged when asked while running). */
function fetchHistory(): Promise<void> {
  if (historyFetching) {
    historyFetchAgain = true;
    return historyFetching;
  }
  historyFetching = (async () => {
    do {
      historyFetchAgain = false;
      const changed = await messenger.fetchHistory();
      if (changed.size > 0) {
        await loadConversations();
        if (selected && changed.has(selected)) scheduleThreadRender();
      }
    } while (historyFetchAgain && !isLoggedOut());
  })().finally(() => {
    historyFetching = null;
  });
  return historyFetching;
}

/**
 * The new device's side: shows the progress while it is incomplete, polls it every 2 s and fetches
 * the messages whenever more became readable (and once more at the end).
 */
async function followHistory(): Promise<void> {
  const tracker = new HistoryProgressTracker();
  const fetchedKey = 'historyFetchedSynced';
  let fetchedAt = (await messenger.store.getMeta<number>(fetchedKey).catch(() => undefined)) ?? 0;
  const fetchIfNeeded = async (progress: HistoryProgress): Promise<void> => {
    if (progress.synced <= fetchedAt) return;
    await fetchHistory();
    fetchedAt = progress.synced;
    await messenger.store.setMeta(fetchedKey, fetchedAt).catch(() => undefined);
  };
  for (;;) {
    if (isLoggedOut()) return;
    let progress: HistoryProgress;
    try {
      progress = parseHistoryProgress(await api.get<unknown>('/api/history/progress'));
    } catch (error) {
      if (isLoggedOut() || (error instanceof ApiError && (error.status === 404 || error.status === 403))) {
        showHistory(null, false);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, HISTORY_POLL_MS));
      continue;
    }
    const state = tracker.update(progress, Date.now());
    if (state.done) {
      try {
        await fetchIfNeeded(progress);
      } catch (error) {
        console.warn('History sync: fetching the messages failed', error);
        await new Promise((resolve) => setTimeout(resolve, HISTORY_POLL_MS));
        continue;
      }
      showHistory(null, false);
      return;
    }
    showHistory(progress, state.waiting, state.text);
    try {
      await fetchIfNeeded(progress);
    } catch (error) {
      console.warn('History sync: fetching the messages failed', error);
    }
    await new Promise((resolve) => setTimeout(resolve, HISTORY_POLL_MS));
  }
}

// ---------------------------------------------------------------------------------------------
// Start

function selectionFromHash(): string | null {
  const match = /^#c=(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]!) : null;
}

async function main(): Promise<void> {
  const stored = await loadIdentity();
  if (!stored) {
    location.replace('/');
    return;
  }
  identity = stored;
  const keys = await keysOf(identity);
  mountSkeleton();
  notifyCheckbox.checked = notifySetting(storage());
  try {
    view = await api.get<DevicesView>('/api/devices');
  } catch (error) {
    if (isLoggedOut()) return;
    setMessage(pageError, `Could not load the inbox: ${errorMessage(error)}`);
    return;
  }
  title.textContent = view.displayName ? `${view.displayName} \u2014 Inbox` : 'Inbox';
  document.title = `Inbox · ${view.displayName || view.businessNumber} · Switchboard`;
  myDeviceId = view.myDeviceId || keys.deviceId;
  const meDevice = view.devices.find((device) => device.id === myDeviceId);
  myPerson = meDevice?.person ?? '';
  supervisor = isSupervisor(view.myRole);
  settingsLink.hidden = !isAdminRole(view.myRole);
  subtitle.textContent = `${view.businessNumber}${meDevice ? ` \u00b7 signed in as ${meDevice.person}` : ''}`;
  activity = new ActivityTracker(myDeviceId);

  const store = openMessageStore(keys.deviceId);
  const trust = new ListTrust({
    store,
    own: {
      owner: 'business',
      account: identity.account,
      primarySigningKey: identity.primarySigningKey,
      version: identity.listVersion,
      list: identity.acceptedList,
      onAccepted: async (list) => {
        identity = (await updateIdentity({ listVersion: list.version, acceptedList: list })) ?? identity;
      },
    },
  });
  messenger = new Messenger({ keys, side: 'business', store, trust, businessAccount: identity.account });
  try {
    await trust.accept('business', view.deviceList, identity.account);
  } catch (error) {
    setMessage(pageError, listRefusalText(error, 'the business'));
    return;
  }

  historyHelper = new HistoryHelper({ keys, http: api, verifiedList: () => freshlyVerifiedBusinessList(trust) });
  onLoggedOut(() => historyHelper?.stop());
  historyHelper.schedule();

  composer = createComposer({
    placeholder: 'Reply to the customer',
    allowNotes: true,
    notePlaceholder: 'Private note \u2014 only your team sees this. Type @ to mention a teammate.',
    onSend: (text, note) => send(text, note),
    onAttach: (file, caption, progress) => sendAttachment(file, caption, progress),
    suggest: (text, caret, note) => cannedSuggestions(cannedReplies, text, caret) ?? (note ? mentionSuggestions(teammateNames().filter((name) => name !== myPerson), text, caret) : null),
    onTyping,
    warningTestId: 'assignee-warning',
  });

  messenger.on((event) => {
    switch (event.type) {
      case 'message':
        void onMessage(event.message);
        break;
      case 'receipt':
        if (event.receipt.conversation === selected) scheduleThreadRender();
        if (event.receipt.side === 'business') void refreshListInfo([event.receipt.conversation]);
        break;
      case 'stalled':
        setMessage(pageError, `Some messages could not be loaded yet: ${errorMessage(event.error)} Retrying…`);
        break;
      case 'caught-up':
        setMessage(pageError, null);
        break;
      default:
        break;
    }
  });

  mentionsSeen = (await store.getMeta<Record<string, number>>(MENTIONS_SEEN_KEY).catch(() => undefined)) ?? {};
  const baseline = await store.getMeta<number>(MENTIONS_BASELINE_KEY).catch(() => undefined);
  await Promise.all([loadAgents(), loadTeams(), loadCannedReplies()]);
  await loadConversations();
  if (baseline === undefined) {
    // The first time this browser opens the inbox, mentions already in its history are old news.
    mentionsBaseline = conversations.reduce((highest, conversation) => Math.max(highest, conversation.lastSeq), 0);
    await store.setMeta(MENTIONS_BASELINE_KEY, mentionsBaseline).catch(() => undefined);
    await refreshListInfo();
  } else {
    mentionsBaseline = baseline;
  }
  const wanted = selectionFromHash();
  const wantedState = conversationById(wanted);
  tab = wantedState ? tabShowing(wantedState, initialTab(storage()?.getItem(TAB_KEY) ?? null, conversations, myDeviceId), myDeviceId) : initialTab(storage()?.getItem(TAB_KEY) ?? null, conversations, myDeviceId);
  renderList();
  void followHistory().catch((error) => console.warn('History sync failed', error));
  if (wanted && wantedState) await select(wanted);

  connection = connectMessaging(messenger, {
    onReconnected: () => {
      // Messages catch up by themselves; routing frames missed meanwhile come with a fresh list.
      void loadConversations();
      void loadAgents();
      historyHelper?.schedule();
      if (selected) void messenger.conversation(selected, { force: true }).then(scheduleThreadRender, () => undefined);
    },
    onDeviceList: (_version, owner) => {
      if (owner === undefined || owner === 'business') historyHelper?.schedule();
      if (owner === undefined || owner === 'business' || owner === selected) {
        if (selected) void messenger.conversation(selected, { force: true }).then(scheduleThreadRender, () => undefined);
      }
    },
    onRouting,
    onStateChange: (state) => {
      // The server forgets what a closed socket viewed, so say it again on every new connection.
      if (state === 'connected' && viewing) sendActivity('viewing', viewing);
    },
  });

  window.addEventListener('hashchange', () => {
    const id = selectionFromHash();
    if (id !== selected) void select(id, { reveal: true });
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      void markRead();
      startViewing();
      maybeAccept(conversationById(selected));
    } else {
      stopViewing();
    }
  });
  window.addEventListener('pagehide', stopViewing);
  window.addEventListener('focus', () => void markRead());
  // Countdowns and collision lines by the second; "waiting 3 min" and relative times more slowly.
  setInterval(() => {
    if (isLoggedOut() || !selected) return;
    renderOffer();
    renderCollision();
  }, 1000);
  setInterval(() => {
    if (isLoggedOut()) return;
    renderList();
    scheduleThreadRender();
  }, 30_000);
}

void main().catch((error) => {
  if (!isLoggedOut()) setMessage(pageError, errorMessage(error));
});
