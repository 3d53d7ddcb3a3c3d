import { render } from 'preact';
import { t } from '../i18n';
import { api } from '../lib/api';
import { openBusinessMessenger } from '../lib/businessMessenger';
import { startBusinessPage } from '../lib/businessPage';
import { keysOf } from '../lib/identity';
import { listRefusalText } from '../lib/listTrust';
import { connectMessaging } from '../lib/messaging';
import { browserNotification } from '../lib/notifications';
import { canSupervise } from '../lib/roles';
import { isLoggedOut } from '../lib/ui';
import { BoardPage } from './BoardPage';
import { createBoardStore } from './store';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Starts the supervisors' board: the board from the API once, then the `board` frames the server
 * pushes (§15.3). A messenger on this device reads a conversation opened from the board, and never
 * sends a read mark or a "viewing" frame for it.
 */
export async function mountBoardPage(root: HTMLElement): Promise<void> {
  const page = await startBusinessPage(root, { namespace: 'board', refusal: 'error.notSupervisor', testId: 'board-error', allowed: canSupervise,
    hasEventSocket: true });
  if (!page) return;
  const { identity, view } = page;
  const keys = await keysOf(identity);
  const { messenger, trust } = openBusinessMessenger(identity, keys);
  const store = createBoardStore({
    http: api,
    isLoggedOut,
    storage: storage(),
    // A client that missed a version subscribes again: the server answers with the whole board (§15.3).
    requestBoard: () => events.send({ type: 'subscribe', to: 'board' }),
    reader: {
      deviceId: messenger.deviceId,
      conversation: (id, options) => messenger.conversation(id, options),
      messages: (id) => messenger.messages(id),
      receipt: (id, side) => messenger.receipt(id, side),
      sendNote: (id, text) => messenger.sendText(id, text, 'note'),
      sendWhisper: (id, text) => messenger.sendText(id, text, 'whisper'),
    },
    onAlert: (alert, text) => {
      if (document.visibilityState === 'visible' && document.hasFocus()) return;
      browserNotification(t('board:title'), text, alert ? `switchboard-board-${alert.key}` : 'switchboard-board-alerts', () => {
        if (alert) void store.open(alert.conversationId);
      });
    },
  });
  document.body.classList.add('board-page');
  root.replaceChildren(); // the template's "Loading…" placeholder
  render(<BoardPage store={store} myDeviceId={messenger.deviceId} />, root);

  try {
    await trust.accept('business', view.deviceList, identity.account);
  } catch (error) {
    store.pageError.value = listRefusalText(error, t('inbox:theBusiness'));
    return;
  }
  messenger.on((event) => {
    if (event.type === 'message' && event.message.conversation === store.opened.value) void store.reloadOpened();
  });
  await store.start();
  const events = connectMessaging(messenger, {
    onBoard: (frame) => store.onBoardFrame(frame),
    onRouting: (event) => store.onRouting(event),
    onReconnected: () => void store.reconnected(),
    // Only a connection that asks gets board frames (§15.3), the whole board first; asked again after every reconnect.
    onConnected: () => void events.send({ type: 'subscribe', to: 'board' }),
    onStateChange: (state) => (store.connection.value = state),
  });
  // Clocks tick here from the board's instants; the frames bring every change, so nothing polls.
  setInterval(() => {
    if (!isLoggedOut()) store.tick(Date.now());
  }, 1000);
}
