import { useRef } from 'preact/hooks';
import { ConnectionBanner, ErrorBanner } from '../components/Banner';
import { HistoryProgress } from '../components/HistoryProgress';
import { MyStatus } from '../components/AgentPresence';
import { translator } from '../i18n';
import { Welcome } from '../link/Welcome';
import { askPermission, permissionText, unlockSound } from '../lib/notifications';
import { Shortcuts } from './Shortcuts';
import { Sidebar } from './Sidebar';
import { ThreadPane } from './ThreadPane';
import type { InboxStore } from './store';

const tr = translator('inbox');

/** The agent's own status and load, for the app's top bar (it belongs to the whole app, next to the connection). */
export function MyStatusBar({ store }: { store: InboxStore }) {
  return <MyStatus agent={store.myAgent.value} onChange={(status) => store.setMyStatus(status)} />;
}

/** The whole inbox page: header, history progress, the list and the open thread. */
export function InboxApp({ store }: { store: InboxStore }) {
  const composerInput = useRef<HTMLTextAreaElement | null>(null);
  const me = store.me.value;
  return (
    <div class="inbox" id="inbox" data-testid="inbox">
      <div class="inbox-top">
        <div>
          <h1 id="inbox-title">{store.title.value || tr('title')}</h1>
          <p class="muted small" id="inbox-subtitle">
            {store.subtitle.value}
          </p>
        </div>
        <nav class="row" aria-label={tr('nav')}>
          <span class="notify-wrap">
            <label class="notify-setting" for="notify-setting" title={tr('notify.hint')}>
              <input
                type="checkbox"
                id="notify-setting"
                data-testid="notify-setting"
                aria-describedby="notify-help"
                checked={store.notify.value}
                onChange={(event) => {
                  const on = (event.currentTarget as HTMLInputElement).checked;
                  store.setNotify(on);
                  if (!on) return;
                  // The click is the gesture browsers want before they play sound or ask for permission.
                  unlockSound();
                  void askPermission().then((permission) => {
                    store.notifyHelp.value = permissionText(permission);
                  });
                }}
              />{' '}
              {tr('notify.label')}
            </label>
            <small id="notify-help" class="muted notify-help" hidden={!store.notifyHelp.value}>
              {store.notifyHelp.value ?? ''}
            </small>
          </span>
          {me.supervisor ? (
            <a href="/board" id="board-link" data-testid="board-link" class="button-link">
              {tr('board')}
            </a>
          ) : null}
          {me.admin ? (
            <a href="/settings" id="settings-link" data-testid="settings-link" class="button-link">
              {tr('settings')}
            </a>
          ) : null}
          <a href="/devices" id="devices-link" data-testid="devices-link" class="button-link">
            {tr('devices')}
          </a>
          <button type="button" class="link-button shortcuts-button" data-testid="shortcuts-button" aria-keyshortcuts="?" onClick={() => (store.showShortcuts.value = true)}>
            {tr('shortcuts.open')}
          </button>
        </nav>
      </div>
      <Welcome />
      <ErrorBanner id="inbox-error" testId="inbox-error" message={store.pageError.value} />
      <ConnectionBanner state={store.connectionView.value} detail={store.stalledReason.value} />
      <HistoryProgress bar={store.history.value} waitingText={tr('history.waiting')} />
      <div class="inbox-columns">
        <Sidebar store={store} />
        <ThreadPane store={store} composerInput={composerInput} />
      </div>
      <Shortcuts store={store} composerInput={composerInput} />
    </div>
  );
}

