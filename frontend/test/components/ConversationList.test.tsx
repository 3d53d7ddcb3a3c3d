// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { presenceOf } from '../../src/components/AgentPresence';
import { ConversationList, type ConversationRow } from '../../src/components/ConversationList';
import type { ConversationRouting } from '../../src/lib/routingTypes';

afterEach(cleanup);

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);

function conversation(id: string, extra: Partial<ConversationRouting> = {}): ConversationRouting {
  return {
    id, phone: '+351912345678', name: `Customer ${id}`, createdAt: new Date(NOW - 60_000).toISOString(), lastSeq: 1, status: 'open', teamId: null, topicId: null, priority: 0,
    queuedAt: null, assignee: null, assignedAt: null, offerExpiresAt: null, reason: null, snoozedUntil: null, labels: [], ...extra,
  };
}

describe('ConversationList', () => {
  it('shows each row from props and reports clicks on rows and label chips', () => {
    const selected: string[] = [];
    const labels: Array<string | null> = [];
    const rows = new Map<string, ConversationRow>([['a', { preview: 'Bruno Costa: It ships today', timeMs: NOW - 120_000, unread: 2, mentions: 1 }]]);
    const view = render(
      <ConversationList
        items={[conversation('a', { labels: ['vip'], assignee: { deviceId: 'me', person: 'Ana' } }), conversation('b', { assignee: { deviceId: 'other', person: 'Bruno' } })]}
        rows={rows}
        selectedId="a"
        myDeviceId="me"
        labelFilter={null}
        nowMs={NOW}
        onSelect={(id) => selected.push(id)}
        onLabel={(label) => labels.push(label)}
      />,
    );
    const items = view.getAllByTestId('conversation-item');
    expect(items).toHaveLength(2);
    expect(items[0]!.classList.contains('selected')).toBe(true);
    expect(view.getAllByTestId('conversation-preview')[0]!.textContent).toBe('Bruno Costa: It ships today');
    expect(view.getByTestId('unread-count').textContent).toBe('2');
    expect(view.getByTestId('mention-badge').textContent).toBe('@1');
    expect(items[0]!.querySelector('.you')).not.toBeNull();
    expect(items[1]!.querySelector('.you')).toBeNull();
    fireEvent.click(items[1]!);
    fireEvent.click(view.getByTestId('label-chip'));
    expect(selected).toEqual(['b']);
    expect(labels).toEqual(['vip']);
  });

  it('words the time of a queued conversation like its waiting chip', () => {
    const queuedAt = new Date(NOW - 70_000).toISOString();
    const rows = new Map<string, ConversationRow>([['q', { preview: 'hi', timeMs: NOW - 70_000, unread: 1, mentions: 0 }]]);
    const view = render(<ConversationList items={[conversation('q', { queuedAt })]} rows={rows} selectedId={null} myDeviceId="me" labelFilter={null} nowMs={NOW} onSelect={() => undefined} onLabel={() => undefined} />);
    expect(view.getByTestId('status-chip').textContent).toBe('waiting 1 min');
    expect(view.container.querySelector('.conversation-time')!.textContent).toBe('1 minute ago');
  });
});

describe('presence', () => {
  it('is green only for an online agent who is available', () => {
    expect(presenceOf({ online: true, status: 'available' })).toBe('available');
    expect(presenceOf({ online: true, status: 'away' })).toBe('away');
    expect(presenceOf({ online: false, status: 'available' })).toBe('offline');
  });
});
