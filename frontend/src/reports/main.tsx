import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import { api, errorMessage } from '../lib/api';
import { startBusinessPage } from '../lib/businessPage';
import { canSupervise, isAdmin } from '../lib/roles';
import { downloadCsv } from './download';
import { ReportsPage } from './ReportsPage';
import { createReportsStore } from './store';

interface BoardNames {
  teams: { teamId: string | null; name: string | null }[];
  agents: { deviceId: string; person: string }[];
}

/** Starts the reports page (§15.8): names from the board once, then the report of the chosen filters. */
export async function mountReportsPage(root: HTMLElement): Promise<void> {
  const page = await startBusinessPage(root, { namespace: 'reports', refusal: 'error.notSupervisor', testId: 'reports-error', allowed: canSupervise });
  if (!page) return;
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
    const [board, topics, federation] = await Promise.all([
      api.get<BoardNames>('/api/supervision/board'),
      api.get<{ id: string; label: string }[]>('/api/teams/topics'),
      // Only owners and admins may list the peers (§16); a supervisor finds them by grouping per channel.
      isAdmin(page.view.myRole) ? api.get<{ peers: { domain: string }[] }>('/api/federation').catch(() => null) : Promise.resolve(null),
    ]);
    store.names.value = {
      teams: board.teams.filter((team) => team.teamId !== null).map((team) => ({ id: team.teamId!, name: team.name ?? team.teamId! })),
      agents: board.agents.map((agent) => ({ id: agent.deviceId, name: agent.person })),
      topics: topics.map((topic) => ({ id: topic.id, name: topic.label })),
      peers: federation?.peers.map((peer) => peer.domain) ?? [],
    };
  } catch {
    // Names only: the report still shows ids.
  }
  await store.load();
}
