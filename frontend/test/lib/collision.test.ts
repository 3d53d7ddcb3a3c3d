import { describe, expect, it } from 'vitest';
import { ActivityTracker, shouldAnswerArrival, TYPER_TTL_MS, TypingThrottle, typersText, VIEWER_TTL_MS, viewersText } from '../../src/lib/collision';

const ME = 'my-device';
const frame = (deviceId: string, person: string, activity: 'viewing' | 'typing' | 'left', conversation = 'c1') => ({ conversation, deviceId, person, activity });

describe('ActivityTracker', () => {
  it('lists who views and who types a conversation', () => {
    const tracker = new ActivityTracker(ME);
    tracker.apply(frame('d1', 'Alex', 'viewing'), 0);
    tracker.apply(frame('d2', 'Bea', 'typing'), 0);
    tracker.apply(frame('d3', 'Cid', 'viewing', 'other'), 0);
    expect(tracker.presence('c1', 1000)).toEqual({ viewers: ['Alex', 'Bea'], typers: ['Bea'] });
  });

  it('ignores my own device', () => {
    const tracker = new ActivityTracker(ME);
    expect(tracker.apply(frame(ME, 'Me', 'viewing'), 0)).toBe('ignored');
    expect(tracker.presence('c1', 0)).toEqual({ viewers: [], typers: [] });
  });

  it('forgets a typer after 6 s and a viewer after 60 s without a new frame', () => {
    const tracker = new ActivityTracker(ME);
    tracker.apply(frame('d1', 'Alex', 'typing'), 0);
    expect(tracker.presence('c1', TYPER_TTL_MS - 1).typers).toEqual(['Alex']);
    expect(tracker.presence('c1', TYPER_TTL_MS).typers).toEqual([]);
    expect(tracker.presence('c1', VIEWER_TTL_MS - 1).viewers).toEqual(['Alex']);
    expect(tracker.presence('c1', VIEWER_TTL_MS).viewers).toEqual([]);
  });

  it('a repeated frame keeps someone', () => {
    const tracker = new ActivityTracker(ME);
    tracker.apply(frame('d1', 'Alex', 'viewing'), 0);
    tracker.apply(frame('d1', 'Alex', 'viewing'), 25_000);
    expect(tracker.presence('c1', 70_000).viewers).toEqual(['Alex']);
  });

  it('forgets someone who left at once', () => {
    const tracker = new ActivityTracker(ME);
    tracker.apply(frame('d1', 'Alex', 'typing'), 0);
    tracker.apply(frame('d1', 'Alex', 'left'), 1000);
    expect(tracker.presence('c1', 1000)).toEqual({ viewers: [], typers: [] });
  });

  it('shows a person with two devices once', () => {
    const tracker = new ActivityTracker(ME);
    tracker.apply(frame('d1', 'Alex', 'viewing'), 0);
    tracker.apply(frame('d2', 'Alex', 'viewing'), 0);
    expect(tracker.presence('c1', 0).viewers).toEqual(['Alex']);
  });
});

describe('answering a newcomer', () => {
  it('tells apart someone arriving from someone repeating', () => {
    const tracker = new ActivityTracker(ME);
    expect(tracker.apply(frame('d1', 'Alex', 'viewing'), 0)).toBe('arrived');
    expect(tracker.apply(frame('d1', 'Alex', 'viewing'), 25_000)).toBe('updated');
    expect(tracker.apply(frame('d1', 'Alex', 'typing'), 26_000)).toBe('updated');
    expect(tracker.apply(frame('d1', 'Alex', 'left'), 27_000)).toBe('updated');
    expect(tracker.apply(frame('d1', 'Alex', 'typing'), 28_000)).toBe('arrived');
    // forgotten after 60 s: the next frame is an arrival again
    expect(tracker.apply(frame('d1', 'Alex', 'viewing'), 28_000 + VIEWER_TTL_MS)).toBe('arrived');
  });

  it('answers an arrival in the thread I view, once, so two viewers settle', () => {
    const a = new ActivityTracker('a');
    const b = new ActivityTracker('b');
    // b views c1; a opens it and says so
    const fromA = frame('a', 'Ann', 'viewing');
    const resultAtB = b.apply(fromA, 0);
    expect(shouldAnswerArrival(resultAtB, fromA, 'c1')).toBe(true);
    const fromB = frame('b', 'Bea', 'viewing');
    expect(shouldAnswerArrival(a.apply(fromB, 10), fromB, 'c1')).toBe(true);
    // b hears a's answer to its answer: a is known, so b stays quiet
    expect(shouldAnswerArrival(b.apply(fromA, 20), fromA, 'c1')).toBe(false);
    expect(a.presence('c1', 30).viewers).toEqual(['Bea']);
    expect(b.presence('c1', 30).viewers).toEqual(['Ann']);
  });

  it('does not answer for threads I do not view, nor a leaving device', () => {
    const tracker = new ActivityTracker(ME);
    const elsewhere = frame('d1', 'Alex', 'viewing', 'other');
    expect(shouldAnswerArrival(tracker.apply(elsewhere, 0), elsewhere, 'c1')).toBe(false);
    expect(shouldAnswerArrival('arrived', frame('d2', 'Bea', 'left'), 'c1')).toBe(false);
    expect(shouldAnswerArrival('arrived', frame('d2', 'Bea', 'viewing'), null)).toBe(false);
  });
});

describe('sentences', () => {
  it('says who is viewing', () => {
    expect(viewersText([])).toBeNull();
    expect(viewersText(['Alex'])).toBe('Alex is viewing');
    expect(viewersText(['Alex', 'Bea'])).toBe('Alex and Bea are viewing');
    expect(viewersText(['A', 'B', 'C'])).toBe('A, B and C are viewing');
    expect(viewersText(['A', 'B', 'C', 'D', 'E'])).toBe('A, B and 3 others are viewing');
  });

  it('says who is typing', () => {
    expect(typersText([])).toBeNull();
    expect(typersText(['Alex'])).toBe('Alex is typing\u2026');
    expect(typersText(['Alex', 'Bea'])).toBe('Alex and Bea are typing\u2026');
  });
});

describe('TypingThrottle', () => {
  it('says "typing" at most every 3 s per conversation', () => {
    const throttle = new TypingThrottle();
    expect(throttle.shouldSend('c1', 0)).toBe(true);
    expect(throttle.shouldSend('c1', 2999)).toBe(false);
    expect(throttle.shouldSend('c2', 100)).toBe(true);
    expect(throttle.shouldSend('c1', 3000)).toBe(true);
  });

  it('starts again after reset', () => {
    const throttle = new TypingThrottle();
    throttle.shouldSend('c1', 0);
    throttle.reset('c1');
    expect(throttle.shouldSend('c1', 10)).toBe(true);
  });
});
