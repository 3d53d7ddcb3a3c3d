import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { mountRecoveryBanner } from '../components/RecoveryBanner';
import { pageTitle, t } from '../i18n';
import { api } from '../lib/api';
import { connectEvents } from '../lib/events';
import { loadIdentity } from '../lib/identity';
import { canSupervise } from '../lib/roles';
import { isLoggedOut } from '../lib/ui';
import { SettingsPage } from './SettingsPage';
import { createSettingsStore } from './store';
import { createServiceLevelsStore } from './serviceLevels';
import { createPeersStore } from '../thirdParty/store';
import { createFolderStore } from '../thirdParty/folder';

export async function mountSettingsPage(root: HTMLElement): Promise<void> {
  if (!(await loadIdentity())) {
    location.replace('/');
    return;
  }
  const store = createSettingsStore({ http: api, isLoggedOut });
  const peers = createPeersStore({ http: api });
  const folder = createFolderStore({ http: api });
  const serviceLevels = createServiceLevelsStore({ http: api, isLoggedOut });
  root.replaceChildren(); // the template's loading placeholder
  render(<SettingsPage store={store} peers={peers} folder={folder} serviceLevels={serviceLevels} />, root);
  mountRecoveryBanner(root);
  mountLanguageSwitch();
  pageTitle(() => t('common:nav.settings'));
  await store.start();
  if (isLoggedOut()) return;
  if (canSupervise(store.role.value)) void serviceLevels.load();
  if (store.admin.value) {
    folder.follow();
    await Promise.all([peers.load(), folder.load()]);
  }
  store.followChanges();
  connectEvents({
    onRouting: (event) => {
      if (event.type === 'agent') store.agentChanged(event.agent);
    },
    // Agent frames and settings pushes may have been missed; unsaved topic rows stay (see loadTopics).
    onReconnected: () => void store.loadAll(),
  });
}
