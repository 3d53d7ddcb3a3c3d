import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { pageTitle, t } from '../i18n';
import { api, errorMessage } from '../lib/api';
import { loadIdentity } from '../lib/identity';
import { canSupervise } from '../lib/roles';
import type { DevicesView } from '../lib/types';
import { isLoggedOut } from '../lib/ui';
import { downloadCsv } from './download';
import { ReportsPage } from './ReportsPage';
import { createReportsStore } from './store';

interface BoardNames {
  teams: { teamId: string | null; name: string | null }[];
  agents: { deviceId: string; person: string }[];
}

/** Starts the reports page (§15.8): names from the board once, then the report of the chosen filters. */
export async function mountReportsPage(root: HTMLElement): Promise<void> {
  const showFatal = (message: string) => {
    root.replaceChildren();
    const box = document.createElement('div');
    box.className = 'error';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'reports-error';
    box.textContent = message;
    root.append(box);
  };
  if (!(await loadIdentity())) {
    location.replace('/');
    return;
  }
  mountLanguageSwitch();
  pageTitle(() => t('reports:title'));
  let view: DevicesView;
  try {
    view = await api.get<DevicesView>('/api/devices');
  } catch (error) {
    if (!isLoggedOut()) showFatal(t('reports:error.load', { reason: errorMessage(error) }));
    return;
  }
  if (!canSupervise(view.myRole)) {
    showFatal(t('reports:error.notSupervisor'));
    return;
  }
  const store = createReportsStore({
    http: api,
    viewerZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    today: () => new Date(),
    errorText: errorMessage,
    download: downloadCsv,
  });
  document.body.classList.add('board-page');
  root.replaceChildren();
  render(<ReportsPage store={store} />, root);
  try {
    const board = await api.get<BoardNames>('/api/supervision/board');
    store.names.value = {
      teams: board.teams.filter((team) => team.teamId !== null).map((team) => ({ id: team.teamId!, name: team.name ?? team.teamId! })),
      agents: board.agents.map((agent) => ({ id: agent.deviceId, name: agent.person })),
    };
  } catch {
    // Names only: the report still shows ids.
  }
  await store.load();
}
