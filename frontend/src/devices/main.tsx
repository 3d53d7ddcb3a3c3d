import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { pageTitle, t } from '../i18n';
import { api, errorMessage } from '../lib/api';
import { connectEvents } from '../lib/events';
import { HistoryHelper } from '../lib/historySync';
import { keysOf, loadIdentity } from '../lib/identity';
import { isLoggedOut, onLoggedOut } from '../lib/ui';
import { DevicesPage } from './DevicesPage';
import { createDevicesStore, realDevicesDeps } from './store';

/** Mounts "Linked devices": one store, the event socket feeding it, history sync for newly linked devices. */
export async function mountDevicesPage(root: HTMLElement): Promise<void> {
  const identity = await loadIdentity();
  if (!identity) {
    location.replace('/');
    return;
  }
  const keys = await keysOf(identity);
  const store = createDevicesStore(realDevicesDeps(identity, keys, isLoggedOut));
  let connection: { close(): void } | null = null;
  /** A companion logs itself out: stop listening first, so the server's "logged out" push does not race the page. */
  const logOutSelf = async () => {
    connection?.close();
    if (await store.logOutSelf()) location.replace('/');
    else location.reload();
  };
  root.replaceChildren(); // the template's loading placeholder
  render(<DevicesPage store={store} logOutSelf={logOutSelf} />, root);
  mountLanguageSwitch();
  pageTitle(() => t('devices:title'));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !document.querySelector('dialog[open]') && (store.panel.value === 'qr' || store.panel.value === 'code')) store.closePanels();
  });

  // History sync (protocol §13.4): re-wraps keys for newly linked devices on the list verified here.
  const history = new HistoryHelper({ keys, http: api, verifiedList: async () => store.verified.value?.list ?? null });
  onLoggedOut(() => history.stop());
  store.verified.subscribe((list) => {
    if (list) history.schedule();
  });
  void store.recovery.load();
  try {
    await store.refresh();
  } catch (error) {
    if (!isLoggedOut()) store.loadError.value = errorMessage(error);
  }
  if (isLoggedOut()) return;
  connection = connectEvents({
    onDeviceList: () => void store.refresh(),
    onLinkRequest: (ref, status) => store.linkRequestChanged(ref, status),
    onRecovery: () => void store.recovery.load(),
    onConnected: () => {
      void store.refresh();
      void store.recovery.load();
    },
  });
  // Keep relative times current.
  setInterval(() => {
    if (!isLoggedOut()) store.tick();
  }, 60_000);
}
