import type { BoardDeps } from '../../src/board/store';
import { ApiError } from '../../src/lib/api';
import type { Board, BoardConversation, BoardSummary } from '../../src/lib/board';

/** A board and the server around it, for the board's store and page tests. */
export const T0 = Date.parse('2026-12-04T10:00:00Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

export const summary = (overrides: Partial<BoardSummary> = {}): BoardSummary => ({
  waiting: 0, longestWaitSince: null, open: 0, agentsAvailable: 0, agentsAway: 0, agentsOffline: 0, slaAtRisk: 0, slaBreached: 0,
  offeredToday: 0, answeredInTimeToday: 0, serviceLevelToday: null, ...overrides,
});

export const row = (overrides: Partial<BoardConversation> = {}): BoardConversation => ({
  id: 'c1', status: 'open', teamId: 't1', priority: 0, queuedAt: at(0), assigneeDeviceId: null, assignedAt: null, waitAlert: null, responseClock: null, slas: [], ...overrides,
});

export const boardOf = (conversations: BoardConversation[], generatedAt = at(0)): Board => ({
  generatedAt,
  overall: summary({ waiting: conversations.filter((c) => !c.assigneeDeviceId).length, longestWaitSince: conversations[0]?.queuedAt ?? null }),
  teams: [{ teamId: 't1', name: 'Sales', summary: summary() }],
  agents: [{ deviceId: 'a1', person: 'Ana', role: 'agent', status: 'available', presence: 'available', connections: 2, load: 1, capacity: 4, teamIds: ['t1'], lastAssignedAt: at(0) }],
  conversations,
});

/** The server's answers in memory; `posts` would show any read mark (there is no post at all). */
export function fakeServer(initial: Board, known: object = {}) {
  const state = { board: initial, calls: [] as string[], boardStatus: 200, refuse: null as ApiError | null };
  const conversation = (overrides: object = {}) => ({ id: 'c1', name: 'Carla', phone: '+351910000001', status: 'open', labels: [], ...known, ...overrides });
  const http: BoardDeps['http'] = {
    async get<T>(path: string): Promise<T> {
      state.calls.push(path);
      if (path === '/api/supervision/board') {
        if (state.boardStatus === 403) throw new ApiError(403, 'role_required', 'Your role does not allow this.');
        return structuredClone(state.board) as T;
      }
      if (path === '/api/conversations') return [conversation()] as T;
      if (path === '/api/agents') return [{ deviceId: 'a1', person: 'Ana', label: 'Laptop', role: 'agent', status: 'available', online: true, load: 1, capacity: 4, teamIds: ['t1'], lastAssignedAt: null }] as T;
      if (path === '/api/teams') return [] as T;
      if (path === '/api/supervision/settings/teams/t1') return { teamId: 't1', own: true, settings: { alerts: { waitWarningSeconds: 60, waitCriticalSeconds: 300, slaWarningPercent: 80 } } } as T;
      throw new ApiError(404, 'not_found', path);
    },
    async post<T>(path: string, body?: unknown): Promise<T> {
      state.calls.push(`POST ${path} ${JSON.stringify(body ?? null)}`);
      if (state.refuse) throw state.refuse;
      const [, , , id, action] = path.split('/');
      const target = (body as { deviceId?: string } | undefined)?.deviceId;
      return conversation({ id, assignee: action === 'assign' && target ? { deviceId: target, person: 'Ana' } : null, status: action === 'resolve' ? 'resolved' : 'open' }) as T;
    },
    async put<T>(path: string, body: unknown): Promise<T> {
      state.calls.push(`PUT ${path}`);
      if (state.refuse && path.startsWith('/api/agents/')) throw state.refuse;
      return conversation({ labels: (body as { labels: string[] }).labels }) as T;
    },
  };
  return { state, http };
}

