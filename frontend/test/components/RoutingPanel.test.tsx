// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RoutingPanel, type RoutingPanelProps } from '../../src/components/RoutingPanel';
import type { AssignmentRecord, ConversationRouting } from '../../src/lib/routingTypes';

afterEach(cleanup);

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const state: ConversationRouting = {
  id: 'c1', phone: '+351912345678', name: 'Maria', createdAt: new Date(NOW - 600_000).toISOString(), lastSeq: 3, status: 'open', teamId: null, topicId: null, priority: 0,
  queuedAt: null, assignee: { deviceId: 'carla', person: 'Carla Dias' }, assignedAt: new Date(NOW - 60_000).toISOString(), offerExpiresAt: null,
  reason: { code: 'transferred', text: 'Transferred to Carla Dias by Bruno Costa' }, snoozedUntil: null, labels: ['vip'],
};

function props(extra: Partial<RoutingPanelProps> = {}): RoutingPanelProps {
  return {
    state, teams: [], agents: [{ deviceId: 'bruno', person: 'Bruno Costa', label: 'Laptop', role: 'agent', status: 'available', online: true, load: 0, capacity: 5, teamIds: [], lastAssignedAt: null }],
    myDeviceId: 'carla', supervisor: false, nowMs: NOW, labelFilter: null, knownLabels: ['vip', 'refund'],
    onAction: () => undefined, onLabelFilter: () => undefined, onLabels: async () => null, loadHistory: async () => [], ...extra,
  };
}

describe('RoutingPanel', () => {
  it('shows who has it and why, and the actions an assignee may take', () => {
    const actions: string[] = [];
    const view = render(<RoutingPanel {...props({ onAction: (action) => void actions.push(action) })} />);
    expect(view.getByTestId('thread-assignee').textContent).toBe('Assigned to Carla Dias (you)');
    expect(view.getByTestId('assignment-reason').textContent).toBe('Transferred to Carla Dias by Bruno Costa');
    expect(view.queryByTestId('claim-button')).toBeNull();
    fireEvent.click(view.getByTestId('resolve-button'));
    expect(actions).toEqual(['resolve']);
  });

  it('checks a label before saving it', async () => {
    const saved: string[][] = [];
    const view = render(<RoutingPanel {...props({ onLabels: async (labels) => (saved.push(labels), null) })} />);
    const input = view.getByTestId('label-input') as HTMLInputElement;
    input.value = 'VIP customer';
    fireEvent.click(view.getByTestId('label-add'));
    await waitFor(() => expect(view.container.querySelector('#label-input-error')!.textContent).toContain('lower-case letters'));
    input.value = 'refund';
    fireEvent.click(view.getByTestId('label-add'));
    await waitFor(() => expect(saved).toEqual([['vip', 'refund']]));
  });

  it('does not repeat who transferred a conversation in its history', async () => {
    const records: AssignmentRecord[] = [
      { deviceId: 'carla', person: 'Carla Dias', reason: state.reason!, byDeviceId: 'bruno', assignedAt: state.assignedAt!, endedAt: null, endReason: null },
      { deviceId: 'carla', person: 'Carla Dias', reason: { code: 'assigned', text: 'Assigned by a supervisor' }, byDeviceId: 'bruno', assignedAt: state.assignedAt!, endedAt: null, endReason: null },
    ];
    const view = render(<RoutingPanel {...props({ loadHistory: async () => records })} />);
    const details = view.getByTestId('assignment-history') as HTMLDetailsElement;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    await waitFor(() => expect(view.getAllByTestId('assignment-record')).toHaveLength(2));
    const [transferred, assigned] = view.getAllByTestId('assignment-record');
    expect(transferred!.textContent).not.toContain('(by Bruno Costa)');
    expect(assigned!.textContent).toContain('(by Bruno Costa)');
  });
});
