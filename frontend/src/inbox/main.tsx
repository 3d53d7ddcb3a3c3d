import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { mountRecoveryBanner } from '../components/RecoveryBanner';
import { t } from '../i18n';
import { api, errorMessage } from '../lib/api';
import { followHistory, historyFetchedMark, HistoryHelper } from '../lib/historySync';
import { isSupervisor } from '../lib/inboxLogic';
import { openBusinessMessenger } from '../lib/businessMessenger';
import { keysOf, loadIdentity, type StoredIdentity } from '../lib/identity';
import { listRefusalText, type ListTrust } from '../lib/listTrust';
import { connectMessaging } from '../lib/messaging';
import { beep, browserNotification, showToast } from '../lib/notifications';
import { isAdminRole } from '../lib/settingsLogic';
import type { DevicesView } from '../lib/types';
import { byId, isLoggedOut, onLoggedOut } from '../lib/ui';
import type { DeviceList } from '../protocol';
import { InboxApp, MyStatusBar } from './InboxApp';
import { InboxStore, selectionFromHash } from './store';

/**
 * Starts the agents' inbox: every conversation of the business, decrypted on this device, with
 * replies and private notes, and the routing of §14 around them. Wires the store to the messenger,
 * the event socket, history sync and the browser; the components only talk to the store.
 */
export async function startInbox(root: HTMLElement): Promise<void> {
  const showFatal = (message: string) => {
    root.replaceChildren();
    const box = document.createElement('div');
    box.id = 'inbox-error';
    box.className = 'error';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'inbox-error';
    box.textContent = message;
    root.append(box);
  };
  const identity: StoredIdentity | null = await loadIdentity();
  if (!identity) {
    location.replace('/');
    return;
  }
  const keys = await keysOf(identity);
  let view: DevicesView;
  try {
    view = await api.get<DevicesView>('/api/devices');
  } catch (error) {
    if (!isLoggedOut()) showFatal(t('inbox:error.load', { reason: errorMessage(error) }));
    return;
  }
  const myDeviceId = view.myDeviceId || keys.deviceId;
  const meDevice = view.devices.find((device) => device.id === myDeviceId);
  const { messenger, trust } = openBusinessMessenger(identity, keys);
  const store = new InboxStore(messenger, { myDeviceId, myPerson: meDevice?.person ?? '', supervisor: isSupervisor(view.myRole), admin: isAdminRole(view.myRole) });
  store.title.value = view.displayName ? t('inbox:titleOf', { name: view.displayName }) : t('inbox:title');
  store.subtitle.value = meDevice ? t('inbox:signedInAs', { number: view.businessNumber, person: meDevice.person }) : view.businessNumber;
  document.title = `${t('inbox:title')} · ${view.displayName || view.businessNumber} · Switchboard`;
  document.body.classList.add('inbox-page');
  mountLanguageSwitch();
  root.replaceChildren(); // the template's "Loading…" placeholder
  render(<InboxApp store={store} />, root);
  mountRecoveryBanner(root);
  const statusSlot = document.createElement('div');
  statusSlot.className = 'agent-bar-slot';
  const topbar = document.querySelector('.topbar');
  if (topbar) topbar.insertBefore(statusSlot, document.getElementById('connection'));
  else root.prepend(statusSlot);
  render(<MyStatusBar store={store} />, statusSlot);

  try {
    await trust.accept('business', view.deviceList, identity.account);
  } catch (error) {
    store.pageError.value = listRefusalText(error, t('inbox:theBusiness'));
    return;
  }

  const open = (conversation: string) => void store.select(conversation, { reveal: true });
  store.setNotifier((text, body, conversation, ring) => {
    showToast(text, () => open(conversation));
    if (!ring || !store.notify.value) return;
    beep();
    if (document.visibilityState !== 'visible' || !document.hasFocus()) browserNotification(text, body, `switchboard-${conversation}`, () => open(conversation));
  });

  const historyHelper = new HistoryHelper({ keys, http: api, verifiedList: () => freshlyVerifiedBusinessList(trust, identity.account) });
  onLoggedOut(() => historyHelper.stop());
  historyHelper.schedule();

  messenger.on((event) => {
    switch (event.type) {
      case 'message':
        void store.onMessage(event.message);
        break;
      case 'receipt':
        if (event.receipt.conversation === store.selected.value) store.receiptsVersion.value++;
        if (event.receipt.side === 'business') void store.refreshRows([event.receipt.conversation]);
        break;
      case 'stalled':
        store.onStalled(event.error);
        break;
      case 'caught-up':
        store.onCaughtUp();
        break;
      default:
        break;
    }
  });

  await store.start();
  void followHistory({
    http: api,
    fetch: async () => {
      const changed = await messenger.fetchHistory();
      if (changed.size > 0) {
        await store.loadConversations();
        if (store.selected.value && changed.has(store.selected.value)) await store.reloadThread();
      }
      return changed;
    },
    show: (bar) => (store.history.value = bar),
    fetchedMark: historyFetchedMark(messenger),
    isLoggedOut,
    nowMs: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }).catch((error) => console.warn('History sync failed', error));

  const connection = connectMessaging(messenger, {
    onReconnected: () => {
      // Messages catch up by themselves; routing frames and settings missed meanwhile come fresh.
      void store.loadConversations();
      void store.loadAgents();
      void store.loadCannedReplies();
      historyHelper.schedule();
      const id = store.selected.value;
      if (id) void messenger.conversation(id, { force: true }).then(() => store.reloadThread(), () => undefined);
    },
    onDeviceList: (_version, owner) => {
      if (owner === undefined || owner === 'business') historyHelper.schedule();
      const id = store.selected.value;
      if (id && (owner === undefined || owner === 'business' || owner === id)) void messenger.conversation(id, { force: true }).then(() => (store.receiptsVersion.value++, store.reloadThread()), () => undefined);
    },
    onRouting: (event) => store.onRouting(event),
    onStateChange: (state) => {
      store.connection.value = state;
      if (state === 'connected') {
        // The server forgets what a closed socket viewed; messages typed meanwhile go out now.
        store.sayViewingAgain();
        void store.outbox.resume();
      }
    },
  });
  store.attachConnection(connection);

  window.addEventListener('hashchange', () => {
    const id = selectionFromHash();
    if (id !== store.selected.value) void store.select(id, { reveal: true });
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      void store.markRead();
      store.startViewing();
      store.maybeAccept(store.selectedState.value);
    } else {
      store.stopViewing();
    }
  });
  window.addEventListener('pagehide', () => store.stopViewing());
  window.addEventListener('online', () => void store.outbox.resume());
  window.addEventListener('focus', () => void store.markRead());
  // Countdowns and collision lines by the second; relative times more slowly.
  setInterval(() => {
    if (!isLoggedOut()) store.second.value = Date.now();
  }, 1000);
  setInterval(() => {
    if (!isLoggedOut()) store.now.value = Date.now();
  }, 30_000);
}

/** The business list, fetched and verified again (a new device must be on it before keys are wrapped for it). */
async function freshlyVerifiedBusinessList(trust: ListTrust, account: string): Promise<DeviceList | null> {
  try {
    const fresh = await api.get<DevicesView>('/api/devices');
    return (await trust.accept('business', fresh.deviceList, account)).list;
  } catch (error) {
    console.warn('History sync: the business device list could not be verified', error);
    return null;
  }
}

void startInbox(byId('inbox-root')).catch((error) => {
  if (isLoggedOut()) return;
  const box = document.getElementById('inbox-error') ?? byId('inbox-root');
  box.hidden = false;
  box.textContent = errorMessage(error);
});
