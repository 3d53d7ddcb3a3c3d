// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALERT_LIMIT, BoardPage, FLOOR_LIMIT } from '../../src/board/BoardPage';
import { createBoardStore } from '../../src/board/store';
import { setLanguage } from '../../src/i18n';
import type { LocalMessage } from '../../src/lib/messageStore';
import { at, boardOf, fakeServer, row, T0 } from './fixtures';

afterEach(() => {
  cleanup();
  setLanguage('en');
  vi.unstubAllGlobals();
});

async function open(board = boardOf([row(), row({ id: 'c2', assigneeDeviceId: 'a1', queuedAt: at(-30), assignedAt: at(-20), responseClock: { kind: 'first_response', since: at(-30) } })]), known: object = {}) {
  const server = fakeServer(board, known);
  const reader = {
    deviceId: 'sup1',
    conversation: vi.fn(async () => ({})),
    messages: vi.fn(async () => [{ seq: 1, conversation: 'c2', kind: 'text', text: 'Where is my order?', sender: 'x', senderName: null, sentAt: T0 / 1000, status: 'ok' } as unknown as LocalMessage]),
    receipt: () => undefined,
    sendNote: vi.fn(async () => ({})),
    sendWhisper: vi.fn(async () => ({})),
  };
  const store = createBoardStore({ http: server.http, isLoggedOut: () => false, reader, storage: null });
  store.now.value = T0;
  render(<BoardPage store={store} myDeviceId="sup1" />);
  await act(() => store.start());
  return { store, reader };
}

describe('the board page', () => {
  it('shows the tiles with the longest wait ticking from its start', async () => {
    const { store } = await open();
    const overall = screen.getByTestId('summary-overall');
    expect(within(overall).getByTestId('tile-waiting').dataset.value).toBe('1');
    expect(within(overall).getByTestId('tile-longest').dataset.value).toBe('0:00');
    act(() => store.tick(T0 + 75_000));
    expect(within(overall).getByTestId('tile-longest').dataset.value).toBe('1:15');
    expect(screen.getByTestId('summary-team').querySelector('h2')?.textContent).toBe('Sales');
    expect(screen.getByRole('img', { name: /Waiting over the last 2 minutes: 1 now, at most 1/ })).toBeTruthy();
  });

  it('lists each agent with devices, load and their chats with a running response clock', async () => {
    const { store } = await open();
    const agentRow = screen.getByTestId('agent-row');
    expect(within(agentRow).getByTestId('agent-devices').textContent).toBe('2');
    expect(within(agentRow).getByRole('meter').getAttribute('aria-valuenow')).toBe('1');
    act(() => store.tick(T0 + 10_000));
    expect(within(agentRow).getByTestId('response-clock').textContent).toBe('first response 0:40');
  });

  it('shows alerts as the wait crosses the team threshold, and says when there are none', async () => {
    const { store } = await open();
    expect(screen.getByTestId('board-no-alerts')).toBeTruthy();
    await waitFor(() => expect(store.thresholds.value.size).toBe(1));
    act(() => store.tick(T0 + 61_000));
    const alert = screen.getByTestId('board-alert');
    expect(alert.dataset.level).toBe('warning');
    expect(alert.textContent).toContain('Carla has waited long (Sales)');
  });

  it('lists at most ALERT_LIMIT alerts and counts the rest', async () => {
    await open(boardOf(Array.from({ length: ALERT_LIMIT + 5 }, (_, index) => row({ id: `w${index}`, queuedAt: at(-400) }))));
    expect(screen.getAllByTestId('board-alert')).toHaveLength(ALERT_LIMIT);
    expect(screen.getByTestId('alerts-more').textContent).toBe('+5 more alerts.');
  });

  it('opens a chat silently from the agent table and closes it with Escape', async () => {
    const { reader } = await open();
    const opener = screen.getByTestId('agent-chat');
    opener.focus();
    fireEvent.click(opener);
    await waitFor(() => expect(screen.getByText('Where is my order?')).toBeTruthy());
    expect(reader.conversation).toHaveBeenCalledWith('c2', { force: true });
    expect(screen.getByTestId('silent-open-note').textContent).toContain('nothing is marked read');
    expect(document.activeElement).toBe(screen.getByTestId('silent-open-close'));
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('silent-open')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('offers the shared routing block in the opened conversation, so a supervisor can act from the board', async () => {
    const { store } = await open();
    await act(() => store.open('c2'));
    const panel = within(screen.getByTestId('silent-open')).getByTestId('thread-routing');
    expect(within(panel).getByTestId('thread-assignee').dataset.assignee).toBe('a1');
    fireEvent.click(within(panel).getByTestId('resolve-button'));
    await waitFor(() => expect(store.routing.value.get('c2')?.status).toBe('resolved'));
  });

  it('says when it is reconnecting, and nothing while connected', async () => {
    const { store } = await open();
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    act(() => {
      store.connection.value = 'reconnecting';
    });
    expect(screen.getByTestId('connection-banner').textContent).toMatch(/Reconnecting/);
  });

  it('reuses the conversation list for the floor and says when the floor is empty', async () => {
    await open();
    expect(screen.getAllByTestId('conversation-item').map((item) => item.dataset.conversationId)).toEqual(['c1', 'c2']);
    expect(screen.queryByTestId('floor-more')).toBeNull();
    cleanup();
    await open(boardOf([]));
    expect(screen.getByTestId('board-no-conversations')).toBeTruthy();
    cleanup();
    await open(boardOf(Array.from({ length: FLOOR_LIMIT + 5 }, (_, index) => row({ id: `w${index}` }))));
    expect(screen.getAllByTestId('conversation-item')).toHaveLength(FLOOR_LIMIT);
    expect(screen.getByTestId('floor-more').textContent).toContain('+5 more');
    expect(within(screen.getByTestId('summary-overall')).getByTestId('tile-waiting').dataset.value).toBe(String(FLOOR_LIMIT + 5));
  });

  it('shows a third-party chat with its provider on the floor, as the inbox does', async () => {
    await open(boardOf([row()]), { source: 'a.example' });
    const item = screen.getAllByTestId('conversation-item').find((candidate) => candidate.dataset.conversationId === 'c1')!;
    expect(within(item).getByTestId('conversation-source').textContent).toBe('via a.example');
    cleanup();
    await open(boardOf([row()]));
    expect(screen.queryByTestId('conversation-source')).toBeNull();
  });

  it('asks for notification permission only when alerts are switched on, and says when it was denied', async () => {
    const requestPermission = vi.fn(async () => 'denied');
    vi.stubGlobal('Notification', Object.assign(function Notification() {}, { permission: 'default', requestPermission }));
    const { store } = await open();
    expect(requestPermission).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('board-notify'));
    await waitFor(() => expect(screen.getByTestId('board-notify-help').hidden).toBe(false));
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(store.notify.value).toBe(true);
  });

  it('speaks the viewer’s language', async () => {
    setLanguage('de');
    await open();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Live-Board');
    expect(screen.getAllByText('Wartend', { selector: 'dt' })).toHaveLength(2);
  });
});
