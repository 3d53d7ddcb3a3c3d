import { api, ApiError, errorMessage } from '../lib/api';
import { keysOf, loadIdentity, updateIdentity, type StoredIdentity } from '../lib/identity';
import { HISTORY_POLL_MS, HISTORY_WAITING_TEXT, HistoryHelper, HistoryProgressTracker, parseHistoryProgress, type HistoryProgress } from '../lib/historySync';
import { listRefusalText, ListTrust } from '../lib/listTrust';
import { connectMessaging, Messenger, type ConversationState } from '../lib/messaging';
import { previewText, unreadCount } from '../lib/messagingLogic';
import { openMessageStore, type LocalMessage } from '../lib/messageStore';
import type { UploadProgress } from '../lib/attachments';
import { createComposer, renderThread, threadEntries, type Composer, sendAttachmentMessage, type PendingSend } from '../lib/threadView';
import type { ConversationSummary, DevicesView } from '../lib/types';
import type { DeviceList } from '../protocol';
import { byId, h, initialOf, isLoggedOut, onLoggedOut, relativeTime, replaceChildren, setMessage } from '../lib/ui';
import { B64u, fingerprintOf, newClientMessageId } from '../protocol';

/**
 * The agents' inbox: every conversation of the business, decrypted on this device, with replies
 * and private notes. Any linked business device can use it.
 */


const root = byId('inbox-root');

let identity: StoredIdentity;
let messenger: Messenger;
let view: DevicesView;
let conversations: ConversationSummary[] = [];
let selected: string | null = null;
let composer: Composer;
let pendingSends: PendingSend[] = [];
let lastFailed: PendingSend | null = null;

// ---------------------------------------------------------------------------------------------
// Skeleton

const title = h('h1', { id: 'inbox-title' }, 'Inbox');
const subtitle = h('p', { class: 'muted small', id: 'inbox-subtitle' });
const devicesLink = h('a', { href: '/devices', id: 'devices-link', 'data-testid': 'devices-link', class: 'button-link' }, 'Linked devices');
const pageError = h('div', { id: 'inbox-error', class: 'error', role: 'alert', hidden: true, 'data-testid': 'inbox-error' });

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

const conversationList = h('ul', { id: 'conversation-list', class: 'conversation-list', 'data-testid': 'conversation-list', 'aria-label': 'Conversations' });
const listEmpty = h('p', { id: 'conversations-empty', class: 'empty', hidden: true, 'data-testid': 'conversations-empty' }, `No conversations yet \u2014 customers start one at ${location.origin}/chat`);
const sidebar = h('aside', { class: 'inbox-list', id: 'inbox-list' }, conversationList, listEmpty);

const threadHeader = h('header', { class: 'conversation-header', id: 'thread-header' });
const threadBanner = h('div', { class: 'error', role: 'alert', hidden: true, id: 'thread-error', 'data-testid': 'thread-error' });
const threadList = h('ol', { id: 'thread', 'data-testid': 'thread', class: 'thread', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
const threadScroller = h('div', { class: 'thread-scroller', id: 'thread-scroller' }, threadList);
const composerSlot = h('div', { class: 'composer-slot' });
const threadPane = h('section', { class: 'inbox-thread', id: 'inbox-thread', 'aria-live': 'off' });
const noSelection = h('div', { class: 'no-selection empty', id: 'no-selection' }, 'Select a conversation on the left.');

function mountSkeleton(): void {
  replaceChildren(
    root,
    h(
      'div',
      { class: 'inbox', id: 'inbox', 'data-testid': 'inbox' },
      h('div', { class: 'inbox-top' }, h('div', null, title, subtitle), h('nav', { class: 'row' }, devicesLink)),
      pageError,
      historyBar,
      historyWaiting,
      h('div', { class: 'inbox-columns' }, sidebar, threadPane),
    ),
  );
  document.body.classList.add('inbox-page');
  replaceChildren(threadPane, noSelection);
}

// ---------------------------------------------------------------------------------------------
// Conversation list

interface ListInfo {
  last: LocalMessage | undefined;
  unread: number;
}

const listInfo = new Map<string, ListInfo>();

async function computeListInfo(conversation: ConversationSummary): Promise<ListInfo> {
  const messages = await messenger.messages(conversation.id);
  const readSeq = (await messenger.knownReceipt(conversation.id, 'business'))?.readSeq ?? 0;
  return {
    last: messages[messages.length - 1],
    unread: selected === conversation.id && document.visibilityState === 'visible' ? 0 : unreadCount(messages, 'business', readSeq),
  };
}

function timeOf(conversation: ConversationSummary, info: ListInfo | undefined): HTMLElement {
  if (info?.last) return relativeTime(info.last.sentAt * 1000);
  return relativeTime(conversation.createdAt);
}

function renderList(): void {
  const items = conversations.map((conversation) => {
    const info = listInfo.get(conversation.id);
    const unread = info?.unread ?? 0;
    const button = h(
      'button',
      {
        type: 'button',
        class: 'conversation-button',
        'aria-current': conversation.id === selected ? 'true' : undefined,
        onclick: () => select(conversation.id),
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
          unread > 0 ? h('span', { class: 'unread-badge', 'data-testid': 'unread-count', 'aria-label': `${unread} unread` }, String(unread)) : null,
        ),
      ),
    );
    return h(
      'li',
      {
        class: `conversation-item${conversation.id === selected ? ' selected' : ''}${unread > 0 ? ' unread' : ''}`,
        'data-testid': 'conversation-item',
        'data-conversation-id': conversation.id,
        'data-unread': String(unread),
      },
      button,
    );
  });
  conversationList.replaceChildren(...items);
  listEmpty.hidden = conversations.length > 0;
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
      try {
        conversations = await api.get<ConversationSummary[]>('/api/conversations');
        setMessage(pageError, null);
      } catch (error) {
        if (!isLoggedOut()) setMessage(pageError, `Could not load the conversations: ${errorMessage(error)}`);
        return;
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
  const known = conversations.find((conversation) => conversation.id === message.conversation);
  if (!known) {
    await loadConversations();
  } else {
    known.lastSeq = Math.max(known.lastSeq, message.seq);
    conversations.sort((a, b) => b.lastSeq - a.lastSeq);
    await refreshListInfo([message.conversation]);
  }
  if (message.conversation === selected) scheduleThreadRender();
}

// ---------------------------------------------------------------------------------------------
// Thread

let threadState: ConversationState | null = null;

function customerName(): string {
  return conversations.find((conversation) => conversation.id === selected)?.name ?? threadState?.name ?? 'the customer';
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
    emptyText: stored.length === 0 && (conversations.find((item) => item.id === conversation)?.lastSeq ?? 0) > 0
      ? 'No messages on this device yet. Messages sent before this browser was linked are not shown here.'
      : `No messages yet. Write the first one to ${customerName()}.`,
    namesOnMine: true,
    showSenderNames: false,
    scroller: threadScroller,
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
    const seq = await messenger.markRead(conversation, stored ?? (await messenger.messages(conversation)));
    if (seq !== null) await refreshListInfo([conversation]);
  } catch {
    // tried again with the next render
  }
}

async function headerFor(state: ConversationState | null, summary: ConversationSummary | undefined): Promise<HTMLElement[]> {
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

async function select(id: string | null): Promise<void> {
  if (id === selected && id !== null && threadPane.contains(threadList)) return;
  selected = id;
  threadState = null;
  if (location.hash !== (id ? `#c=${id}` : '')) history.replaceState(null, '', id ? `#c=${encodeURIComponent(id)}` : location.pathname);
  document.body.classList.toggle('has-selection', id !== null);
  renderList();
  if (!id) {
    replaceChildren(threadPane, noSelection);
    return;
  }
  const summary = conversations.find((conversation) => conversation.id === id);
  replaceChildren(threadHeader, ...(await headerFor(null, summary)));
  setMessage(threadBanner, null);
  threadList.replaceChildren();
  replaceChildren(threadPane, threadHeader, threadBanner, threadScroller, composerSlot);
  replaceChildren(composerSlot, composer.element);
  composer.setEnabled(false);
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
  const conversation = selected;
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
  try {
    view = await api.get<DevicesView>('/api/devices');
  } catch (error) {
    if (isLoggedOut()) return;
    setMessage(pageError, `Could not load the inbox: ${errorMessage(error)}`);
    return;
  }
  title.textContent = view.displayName ? `${view.displayName} \u2014 Inbox` : 'Inbox';
  document.title = `Inbox · ${view.displayName || view.businessNumber} · Switchboard`;
  const me = view.devices.find((device) => device.id === view.myDeviceId);
  subtitle.textContent = `${view.businessNumber}${me ? ` \u00b7 signed in as ${me.person}` : ''}`;

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
    notePlaceholder: 'Private note \u2014 only your team sees this',
    onSend: (text, note) => send(text, note),
    onAttach: (file, caption, progress) => sendAttachment(file, caption, progress),
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

  await loadConversations();
  void followHistory().catch((error) => console.warn('History sync failed', error));
  const wanted = selectionFromHash();
  if (wanted && conversations.some((conversation) => conversation.id === wanted)) await select(wanted);

  connectMessaging(messenger, {
    onReconnected: () => {
      void loadConversations();
      historyHelper?.schedule();
      if (selected) void messenger.conversation(selected, { force: true }).then(scheduleThreadRender, () => undefined);
    },
    onDeviceList: (_version, owner) => {
      if (owner === undefined || owner === 'business') historyHelper?.schedule();
      if (owner === undefined || owner === 'business' || owner === selected) {
        if (selected) void messenger.conversation(selected, { force: true }).then(scheduleThreadRender, () => undefined);
      }
    },
  });

  window.addEventListener('hashchange', () => {
    const id = selectionFromHash();
    if (id !== selected) void select(id);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void markRead();
  });
  window.addEventListener('focus', () => void markRead());
  setInterval(() => {
    if (isLoggedOut()) return;
    renderList();
    scheduleThreadRender();
  }, 60_000);
}

void main().catch((error) => {
  if (!isLoggedOut()) setMessage(pageError, errorMessage(error));
});
