// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Thread } from '../../src/components/Thread';
import type { ThreadEntry } from '../../src/lib/threadEntries';

afterEach(cleanup);

function entry(seq: number, extra: Partial<ThreadEntry> = {}): ThreadEntry {
  return { key: `seq:${seq}`, seq, kind: 'text', mine: false, fromThisDevice: false, senderName: null, text: `message ${seq}`, timeMs: Date.UTC(2026, 11, 4, 10, seq), ticks: null, ...extra };
}

/** happy-dom does no layout: the test says how tall the thread is and where the reader scrolled. */
function layout(scroller: HTMLElement, size: { scrollHeight: number; clientHeight: number }) {
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => size.scrollHeight });
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, get: () => size.clientHeight });
}

describe('Thread', () => {
  it('opens at the newest message', () => {
    const view = render(<Thread entries={[entry(1), entry(2)]} conversationKey="c1" emptyText="" namesOnMine={false} />);
    const scroller = view.container.querySelector<HTMLElement>('#thread-scroller')!;
    layout(scroller, { scrollHeight: 2000, clientHeight: 500 });
    view.rerender(<Thread entries={[entry(1), entry(2), entry(3)]} conversationKey="c1" emptyText="" namesOnMine={false} />);
    expect(scroller.scrollTop).toBe(2000);
  });

  it('keeps following when an image loads after the near-bottom check', () => {
    const size = { scrollHeight: 1000, clientHeight: 500 };
    const entries = [entry(1), entry(2, { kind: 'image', text: '', attachmentName: 'parcel.png' })];
    const view = render(<Thread entries={entries} conversationKey="c1" emptyText="" namesOnMine={false} />);
    const scroller = view.container.querySelector<HTMLElement>('#thread-scroller')!;
    layout(scroller, size);
    scroller.scrollTop = 500;
    fireEvent.scroll(scroller);
    // The thumbnail loads and the thread grows by 300 px: the reader was at the bottom, so it follows.
    size.scrollHeight = 1300;
    view.container.querySelector('li.message:last-child')!.dispatchEvent(new Event('load'));
    expect(scroller.scrollTop).toBe(1300);
    // A new message after the picture is still followed, although the check would now be 300 px off.
    size.scrollHeight = 1400;
    view.rerender(<Thread entries={[...entries, entry(3)]} conversationKey="c1" emptyText="" namesOnMine={false} />);
    expect(scroller.scrollTop).toBe(1400);
    expect(view.queryByTestId('new-messages')).toBeNull();
  });

  it('keeps following when the event of its own scroll arrives after a picture made the thread taller', () => {
    const size = { scrollHeight: 1000, clientHeight: 500 };
    const view = render(<Thread entries={[entry(1)]} conversationKey="c1" emptyText="" namesOnMine={false} />);
    const scroller = view.container.querySelector<HTMLElement>('#thread-scroller')!;
    layout(scroller, size);
    // As browsers do, scrolling stops at the bottom.
    let top = 0;
    Object.defineProperty(scroller, 'scrollTop', {
      configurable: true,
      get: () => top,
      set: (value: number) => (top = Math.max(0, Math.min(value, size.scrollHeight - size.clientHeight))),
    });
    view.rerender(<Thread entries={[entry(1), entry(2)]} conversationKey="c1" emptyText="" namesOnMine={false} />);
    expect(scroller.scrollTop).toBe(500);
    // A thumbnail grows the thread by 400 px before the browser delivers the scroll event of that jump.
    size.scrollHeight = 1400;
    fireEvent.scroll(scroller);
    size.scrollHeight = 1500;
    view.rerender(<Thread entries={[entry(1), entry(2), entry(3)]} conversationKey="c1" emptyText="" namesOnMine={false} />);
    expect(scroller.scrollTop).toBe(1000);
    expect(view.queryByTestId('new-messages')).toBeNull();
  });

  it('offers a "new messages" button instead of jumping when the reader scrolled up', async () => {
    const size = { scrollHeight: 2000, clientHeight: 500 };
    const view = render(<Thread entries={[entry(1), entry(2)]} conversationKey="c1" emptyText="" namesOnMine={false} />);
    const scroller = view.container.querySelector<HTMLElement>('#thread-scroller')!;
    layout(scroller, size);
    scroller.scrollTop = 1500;
    fireEvent.scroll(scroller);
    scroller.scrollTop = 200;
    fireEvent.scroll(scroller);
    size.scrollHeight = 2200;
    view.rerender(<Thread entries={[entry(1), entry(2), entry(3), entry(4)]} conversationKey="c1" emptyText="" namesOnMine={false} />);
    expect(scroller.scrollTop).toBe(200);
    const button = view.getByTestId('new-messages');
    expect(button.textContent).toContain('2 new messages');
    await act(() => {
      fireEvent.click(button);
    });
    expect(scroller.scrollTop).toBe(2200);
    expect(view.queryByTestId('new-messages')).toBeNull();
  });

  it('shows a message waiting in the outbox with a clock and "retry now"', () => {
    const retried: string[] = [];
    const waiting = entry(0, { key: 'pending:m1', seq: null, mine: true, fromThisDevice: true, ticks: 'sending', outbox: { clientMessageId: 'm1', state: 'waiting', error: 'offline' } });
    const view = render(<Thread entries={[waiting]} conversationKey="c1" emptyText="" namesOnMine={false} onRetry={(id) => retried.push(id)} />);
    expect(view.getByTestId('ticks').getAttribute('data-state')).toBe('sending');
    expect(view.getByTestId('send-waiting')).toBeTruthy();
    fireEvent.click(view.getByTestId('retry-send'));
    expect(retried).toEqual(['m1']);
  });

  it('lets the page mark up a message\u2019s text, as text and elements only', () => {
    const note = entry(1, { kind: 'note', text: 'hi @Carla <b>' });
    const view = render(<Thread entries={[note]} conversationKey="c1" emptyText="" namesOnMine decorateText={(text) => [text.slice(0, 3), <mark key="m">@Carla</mark>, text.slice(9)]} />);
    const body = view.getByTestId('message-text');
    expect(body.querySelector('mark')!.textContent).toBe('@Carla');
    expect(body.textContent).toBe('hi @Carla <b>');
    expect(body.querySelector('b')).toBeNull();
  });
});
