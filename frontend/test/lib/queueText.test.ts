import { describe, expect, it } from 'vitest';
import { effectiveTopicId, formatWait, QueueTracker, queueView, topicMenuView } from '../../src/lib/queueText';

const NO_ESTIMATE_TEXT = "we'll be with you as soon as someone is free";
const TOPIC_QUESTION = 'What can we help you with?';
import type { QueueState } from '../../src/lib/routingTypes';

const queued = (position: number | null, estimatedWaitSeconds: number | null, extra: Partial<QueueState> = {}): QueueState => ({
  conversation: 'c1',
  status: 'open',
  position,
  estimatedWaitSeconds,
  assigned: false,
  ...extra,
});

describe('formatWait', () => {
  it.each([
    [0, 'less than a minute'],
    [59, 'less than a minute'],
    [60, 'about 1 min'],
    [89, 'about 1 min'],
    [90, 'about 2 min'],
    [240, 'about 4 min'],
    [59 * 60, 'about 59 min'],
    [3599, 'about 1 h'],
    [3600, 'about 1 h'],
    [70 * 60, 'about 1 h 10 min'],
    [72 * 60, 'about 1 h 10 min'],
    [73 * 60, 'about 1 h 15 min'],
    [2 * 3600 + 58 * 60, 'about 3 h'],
  ])('%i seconds → %s', (seconds, expected) => {
    expect(formatWait(seconds)).toBe(expected);
  });

  it('promises nothing when the server has no estimate', () => {
    expect(formatWait(null)).toBe(NO_ESTIMATE_TEXT);
    expect(formatWait(undefined)).toBe(NO_ESTIMATE_TEXT);
    expect(NO_ESTIMATE_TEXT).toBe("we'll be with you as soon as someone is free");
  });

  it('treats nonsense (negative, NaN, infinite) as no estimate rather than "less than a minute"', () => {
    expect(formatWait(-5)).toBe(NO_ESTIMATE_TEXT);
    expect(formatWait(Number.NaN)).toBe(NO_ESTIMATE_TEXT);
    expect(formatWait(Number.POSITIVE_INFINITY)).toBe(NO_ESTIMATE_TEXT);
  });
});

describe('queueView', () => {
  it('gives the place in line and the estimate', () => {
    expect(queueView(queued(3, 240))).toEqual({ kind: 'waiting', position: 3, text: 'You are number 3 in line \u00b7 about 4 min' });
  });

  it('says "next" for the first place', () => {
    expect(queueView(queued(1, 30))).toEqual({ kind: 'waiting', position: 1, text: 'You are next in line \u00b7 less than a minute' });
  });

  it('still shows the place without an estimate', () => {
    expect(queueView(queued(2, null))).toMatchObject({ kind: 'waiting', text: `You are number 2 in line \u00b7 ${NO_ESTIMATE_TEXT}` });
  });

  it('says an agent joined once assigned and answered, even if a stale position came along', () => {
    expect(queueView(queued(null, null, { assigned: true }), true)).toEqual({ kind: 'assigned', text: 'An agent has joined' });
    expect(queueView(queued(4, 100, { assigned: true }), true)).toEqual({ kind: 'assigned', text: 'An agent has joined' });
    expect(queueView(queued(null, null, { assigned: true, status: 'pending' }))).toMatchObject({ kind: 'assigned' });
  });

  it('does not say an agent joined when the router merely assigned, before anyone answered', () => {
    expect(queueView(queued(null, null, { assigned: true }), false)).toEqual({ kind: 'assigned', text: 'An agent will reply shortly' });
  });

  it('shows nothing when there is nothing to wait for', () => {
    expect(queueView(null)).toEqual({ kind: 'hidden' });
    // resolved and not queued
    expect(queueView(queued(null, null, { status: 'resolved' }))).toEqual({ kind: 'hidden' });
    // not written yet
    expect(queueView(queued(null, null))).toEqual({ kind: 'hidden' });
    expect(queueView(queued(null, null, { status: 'snoozed' }))).toEqual({ kind: 'hidden' });
  });

  it('ignores a position that is not a real place in line', () => {
    expect(queueView(queued(0, 10))).toEqual({ kind: 'hidden' });
    expect(queueView(queued(1.5, 10))).toEqual({ kind: 'hidden' });
    // an assignment can only exist while open or pending; a resolved one claiming it is not shown as joined
    expect(queueView(queued(null, null, { status: 'resolved', assigned: true }))).toEqual({ kind: 'hidden' });
  });
});

describe('QueueTracker', () => {
  it('takes the answer of a fetch', () => {
    const tracker = new QueueTracker('c1');
    const token = tracker.beginFetch();
    expect(tracker.fetched(token, queued(3, 240))).toBe(true);
    expect(tracker.state()?.position).toBe(3);
  });

  it('drops a fetch answer when a frame arrived while it was under way', () => {
    const tracker = new QueueTracker('c1');
    const token = tracker.beginFetch();
    expect(tracker.frame(queued(2, 120))).toBe(true);
    expect(tracker.fetched(token, queued(3, 240))).toBe(false);
    expect(tracker.state()?.position).toBe(2);
  });

  it('drops the answer of an older fetch when a newer one was started (reconnect during the first load)', () => {
    const tracker = new QueueTracker('c1');
    const first = tracker.beginFetch();
    const second = tracker.beginFetch();
    expect(tracker.fetched(second, queued(1, 30))).toBe(true);
    expect(tracker.fetched(first, queued(5, 600))).toBe(false);
    expect(tracker.state()?.position).toBe(1);
  });

  it('accepts frames after a fetch', () => {
    const tracker = new QueueTracker('c1');
    tracker.fetched(tracker.beginFetch(), queued(3, 240));
    expect(tracker.frame(queued(null, null, { assigned: true }))).toBe(true);
    expect(tracker.state()?.assigned).toBe(true);
  });

  it('ignores states of other conversations', () => {
    const tracker = new QueueTracker('c1');
    expect(tracker.frame(queued(1, 1, { conversation: 'c2' }))).toBe(false);
    expect(tracker.fetched(tracker.beginFetch(), queued(1, 1, { conversation: 'c2' }))).toBe(false);
    expect(tracker.state()).toBeNull();
  });
});

describe('topicMenuView', () => {
  const topics = [
    { id: 't1', label: 'Billing' },
    { id: 't2', label: 'Delivery' },
  ];

  it('has no menu without topics', () => {
    expect(topicMenuView([], null, false)).toEqual({ mode: 'hidden' });
  });

  it('asks when nothing is chosen', () => {
    expect(topicMenuView(topics, null, false)).toEqual({ mode: 'choose', question: TOPIC_QUESTION, options: topics, chosenId: null });
    expect(TOPIC_QUESTION).toBe('What can we help you with?');
  });

  it('shows the choice, changeable until an agent is assigned', () => {
    expect(topicMenuView(topics, 't2', false)).toEqual({ mode: 'chosen', label: 'Delivery', canChange: true });
    expect(topicMenuView(topics, 't2', true)).toEqual({ mode: 'chosen', label: 'Delivery', canChange: false });
  });

  it('offers the menu again while changing, with the current choice marked', () => {
    expect(topicMenuView(topics, 't2', false, true)).toMatchObject({ mode: 'choose', chosenId: 't2' });
  });

  it('does not ask any more once an agent is assigned', () => {
    expect(topicMenuView(topics, null, true)).toEqual({ mode: 'hidden' });
    expect(topicMenuView(topics, 't1', true, true)).toMatchObject({ mode: 'chosen', canChange: false });
  });

  it('asks again when the chosen topic was deleted from the menu', () => {
    expect(topicMenuView(topics, 'gone', false)).toMatchObject({ mode: 'choose', chosenId: null });
  });
});

describe('effectiveTopicId', () => {
  it('believes the server when it says, the memory otherwise', () => {
    expect(effectiveTopicId(undefined, 't1')).toBe('t1');
    expect(effectiveTopicId('t2', 't1')).toBe('t2');
    expect(effectiveTopicId(null, 't1')).toBeNull();
  });
});
