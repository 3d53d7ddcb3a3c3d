import { t } from '../i18n';
import { canSupervise } from '../lib/roles';
import { AgentsSection } from './Agents';
import { CannedSection } from './Canned';
import { TeamsSection } from './Teams';
import { TopicsSection } from './Topics';
import { ServiceLevelsSection } from './ServiceLevels';
import type { ServiceLevelsStore } from './serviceLevels';
import type { SettingsStore } from './store';
import { PeersSection } from '../thirdParty/PeersSection';
import type { PeersStore } from '../thirdParty/store';
import { FolderSetting } from '../thirdParty/FolderSetting';
import type { FolderStore } from '../thirdParty/folder';

/**
 * /settings: teams and their routing policy, the topic menu of the chat page, agents' capacity and canned
 * replies (protocol §14), and the service levels supervision measures against (protocol §15). Owners and admins change them; every other business device sees them read-only,
 * because the server refuses their changes anyway (403 role_required).
 */
export function SettingsPage({ store, peers, folder, serviceLevels }: { store: SettingsStore; peers?: PeersStore; folder?: FolderStore; serviceLevels?: ServiceLevelsStore }) {
  const ready = store.subtitle.value !== '';
  return (
    <>
      <section class="card">
        <div class="card-top">
          <h1>{t('common:nav.settings')}</h1>
          <div class="row">
            <a href="/inbox" class="button-link">
              {t('common:nav.inbox')}
            </a>
            <a href="/devices" class="button-link">
              {t('common:nav.devices')}
            </a>
          </div>
        </div>
        <p class="muted" id="settings-subtitle">
          {store.subtitle.value}
        </p>
      </section>
      <p class="error" id="settings-page-error" role="alert" hidden={!store.pageError.value}>
        {store.pageError.value}
      </p>
      {ready && !store.admin.value && (
        <p class="notice" id="settings-readonly" data-testid="settings-readonly">
          <strong>{t('settings:readonly.title')}</strong> {t('settings:readonly.text')}
        </p>
      )}
      {ready && (
        <>
          <TeamsSection store={store} />
          <TopicsSection store={store} />
          <AgentsSection store={store} />
          <CannedSection store={store} />
          {serviceLevels && canSupervise(store.role.value) && <ServiceLevelsSection store={serviceLevels} teams={store.teams.value} admin={store.admin.value} />}
          {peers && store.admin.value && <PeersSection store={peers} />}
          {folder && store.admin.value && <FolderSetting store={folder} />}
        </>
      )}
    </>
  );
}
