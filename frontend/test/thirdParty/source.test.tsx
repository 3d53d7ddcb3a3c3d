// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationList } from '../../src/components/ConversationList';
import { setLanguage } from '../../src/i18n';
import { normalizeConversation } from '../../src/lib/inboxLogic';
import type { ConversationRouting } from '../../src/lib/routingTypes';

afterEach(cleanup);

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

function conversation(id: string, source: string | null): ConversationRouting {
  return {
    id, phone: '+4917000000001', name: '+4917000000001', createdAt: new Date(NOW - 60_000).toISOString(), lastSeq: 1, status: 'open', teamId: null,
    topicId: null, priority: 0, queuedAt: null, assignee: null, assignedAt: null, offerExpiresAt: null, reason: null, snoozedUntil: null, labels: [], source,
  };
}

describe('a third-party conversation in the list', () => {
  it('shows the provider it comes from next to the number, and a local one shows none', () => {
    setLanguage('en');
    const view = render(
      <ConversationList items={[conversation('remote', 'a.example'), conversation('local', null)]} rows={new Map()} selectedId={null} myDeviceId="me"
        labelFilter={null} nowMs={NOW} onSelect={() => undefined} onLabel={() => undefined} />,
    );

    const phones = view.getAllByTestId('conversation-phone');
    expect(phones[0]!.textContent).toBe('+4917000000001 via a.example');
    expect(phones[1]!.textContent).toBe('+4917000000001');
    expect(view.getAllByTestId('conversation-source')).toHaveLength(1);
  });
});

describe('a conversation state from the server', () => {
  it('keeps the source of a third-party chat, and none for a local one', () => {
    expect(normalizeConversation({ id: 'remote', source: 'a.example' })?.source).toBe('a.example');
    expect(normalizeConversation({ id: 'local', source: null })?.source).toBeNull();
    expect(normalizeConversation({ id: 'old-server' })?.source).toBeNull();
  });
});
