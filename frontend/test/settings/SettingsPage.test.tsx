// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import type { Agent, CannedReply, Team } from '../../src/lib/routingTypes';
import { announceSettingsChange } from '../../src/lib/settingsChanges';
import { SettingsPage } from '../../src/settings/SettingsPage';
import { createSettingsStore } from '../../src/settings/store';

const agent = (overrides: Partial<Agent>): Agent => ({
  deviceId: 'd1', person: 'Ana Lima', label: 'Chrome', role: 'owner', status: 'available', online: true, load: 0, capacity: 5, teamIds: [], lastAssignedAt: null, ...overrides,
});

/** The settings API in memory, answering like the server. */
function fakeServer(role = 'owner') {
  const state = {
    teams: [] as Team[],
    topics: [] as never[],
    agents: [agent({}), agent({ deviceId: 'd2', person: 'Bruno Costa', role: 'agent', status: 'away', capacity: 1 })],
    canned: [] as CannedReply[],
    calls: [] as string[],
  };
  const http = {
    async get<T>(path: string): Promise<T> {
      state.calls.push(`GET ${path}`);
      const answers: Record<string, unknown> = {
        '/api/devices': { myRole: role, displayName: 'Acme', businessNumber: '+4915112345678' },
        '/api/teams': state.teams,
        '/api/teams/topics': state.topics,
        '/api/agents': state.agents,
        '/api/canned-replies': state.canned,
      };
      return structuredClone(answers[path]) as T;
    },
    async post<T>(path: string, body?: unknown): Promise<T> {
      state.calls.push(`POST ${path}`);
      const team = { id: `t${state.teams.length + 1}`, memberIds: [], ...(body as object) } as unknown as Team;
      state.teams.push(team);
      return team as T;
    },
    async put<T>(path: string, body: unknown): Promise<T> {
      state.calls.push(`PUT ${path}`);
      if (role !== 'owner') throw new ApiError(403, 'role_required', 'Your role does not allow this.');
      const shortcut = path.split('/').pop()!;
      state.canned = [...state.canned.filter((reply) => reply.shortcut !== shortcut), { shortcut, text: (body as { text: string }).text }];
      return { shortcut, text: (body as { text: string }).text } as T;
    },
    async delete<T>(path: string): Promise<T> {
      state.calls.push(`DELETE ${path}`);
      return undefined as T;
    },
  };
  return { state, http };
}

async function open(role = 'owner') {
  const server = fakeServer(role);
  const store = createSettingsStore({ http: server.http, isLoggedOut: () => false, savedMs: 50 });
  const stop = store.followChanges();
  render(<SettingsPage store={store} />);
  await act(() => store.start());
  return { server, store, stop };
}

afterEach(() => {
  cleanup();
  setLanguage('en');
});

describe('settings page', () => {
  it('shows each agent’s load with the right plural and a green dot only for who can take chats', async () => {
    const { stop } = await open();
    const rows = screen.getAllByTestId('agent-row');
    expect(within(rows[0]!).getByTestId('agent-load').textContent).toBe('0 of 5 chats');
    expect(within(rows[1]!).getByTestId('agent-load').textContent).toBe('0 of 1 chat');
    expect(within(rows[1]!).getByTestId('agent-status').textContent).toBe('Away');
    expect(rows[0]!.querySelector('.presence-dot')!.classList.contains('online')).toBe(true);
    expect(rows[1]!.querySelector('.presence-dot')!.classList.contains('online')).toBe(false);
    stop();
  });

  it('checks a new team next to its field and creates it', async () => {
    const { server, stop } = await open();
    fireEvent.click(screen.getByTestId('team-new'));
    fireEvent.submit(screen.getByTestId('team-form'));
    await waitFor(() => expect(document.getElementById('team-name-error')!.textContent).toBe('Enter a name for the team.'));
    expect(server.state.calls).not.toContain('POST /api/teams');

    fireEvent.input(screen.getByTestId('team-name'), { target: { value: 'Billing' } });
    fireEvent.change(screen.getByTestId('team-policy'), { target: { value: 'round_robin' } });
    fireEvent.submit(screen.getByTestId('team-form'));
    const row = await screen.findByTestId('team-row');
    expect(row.textContent).toContain('Round robin');
    expect(within(row).getByTestId('team-warning').textContent).toMatch(/chats for this team will wait/);
    expect(screen.queryByTestId('team-form')).toBeNull();
    expect(document.getElementById('teams-status')!.textContent).toBe('Team “Billing” created.');
    stop();
  });

  it('adds a canned reply, and shows one another admin added without a reload', async () => {
    const { server, stop } = await open();
    fireEvent.input(screen.getByTestId('canned-shortcut'), { target: { value: '/Hello' } });
    fireEvent.input(screen.getByTestId('canned-text'), { target: { value: 'Hello! How can we help?' } });
    fireEvent.submit(screen.getByTestId('canned-form'));
    await waitFor(() => expect(screen.getAllByTestId('canned-row')).toHaveLength(1));
    expect(screen.getByTestId('canned-row').textContent).toContain('/hello');

    // Another admin adds one; the server pushes {type:'settings', changed:'canned-replies'}.
    server.state.canned = [...server.state.canned, { shortcut: 'thanks', text: 'Thanks for waiting!' }];
    await act(async () => {
      announceSettingsChange('canned-replies');
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    await waitFor(() => expect(screen.getAllByTestId('canned-row')).toHaveLength(2));
    stop();
  });

  it('is read-only for agents, in their language', async () => {
    setLanguage('fr');
    const { stop } = await open('agent');
    screen.getByTestId('settings-readonly');
    expect(screen.getByTestId('settings-readonly').textContent).toMatch(/Seuls les propriétaires/);
    expect(screen.queryByTestId('team-new')).toBeNull();
    expect(screen.queryByTestId('agent-capacity')).toBeNull();
    expect(screen.queryByTestId('canned-form')).toBeNull();
    expect(screen.getAllByTestId('agent-load')[1]!.textContent).toBe('0 chat sur 1');
    stop();
  });
});
