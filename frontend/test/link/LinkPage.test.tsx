// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { LinkPage } from '../../src/link/LinkPage';
import { createLinkStore, type Attempt, type LinkDeps } from '../../src/link/store';
import { takeWelcome } from '../../src/link/welcome';
import type { LinkStatus } from '../../src/lib/types';

vi.mock('qrcode', () => ({ default: { toCanvas: vi.fn(async () => undefined) } }));

const T0 = 1_800_000_000_000;

/** A server whose answers the test scripts one poll at a time. */
function harness() {
  let clock = T0;
  const statuses: LinkStatus[] = [];
  let release: (() => void) | null = null;
  const pending = (pake2: string | null = null): LinkStatus => ({
    status: 'pending', expiresAt: T0 / 1000 + 600, pake2, role: null, deviceList: null, linkProof: null, challenge: null, refusalReason: null,
  });
  const respond = vi.fn(async () => undefined);
  const navigate = vi.fn();
  const deps: LinkDeps = {
    account: async () => ({ setUp: true, businessNumber: '+4915112345678', displayName: 'Acme Support' }),
    hasIdentity: async () => false,
    open: async (fields) => ({
      attempt: { method: fields.method, ref: 'ref-1', linkKeys: new Map() } as unknown as Attempt,
      created: { ref: 'ref-1', deviceId: 'dev', expiresAt: T0 / 1000 + 600 },
      code: fields.method === 'code' ? 'ABCD-2345' : undefined,
      qrText: fields.method === 'qr' ? 'SWB1:xyz' : undefined,
    }),
    status: async () => {
      while (statuses.length === 0) await new Promise<void>((resolve) => (release = resolve));
      return statuses.shift()!;
    },
    respond,
    complete: async () => ({ person: 'Bruno Costa', role: 'agent' }),
    fingerprint: async () => '12345 67890',
    nowMs: () => clock,
    sleep: async () => undefined,
    navigate,
  };
  return {
    deps,
    respond,
    navigate,
    pending,
    /** The server answers the next poll with `status`. */
    async answer(status: LinkStatus) {
      statuses.push(status);
      const wake = release;
      release = null;
      await act(async () => {
        wake?.();
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
    },
    advance(ms: number) {
      clock += ms;
    },
  };
}

async function startWithCode(h: ReturnType<typeof harness>) {
  const store = createLinkStore(h.deps);
  render(<LinkPage store={store} />);
  await act(() => store.start());
  fireEvent.input(document.getElementById('person')!, { target: { value: 'Bruno Costa' } });
  fireEvent.click(document.querySelector('input[name=method][value=code]')!);
  fireEvent.input(document.getElementById('account')!, { target: { value: '+4915112345678' } });
  await act(async () => {
    await store.submit();
  });
  return store;
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  setLanguage('en');
  sessionStorage.clear();
});

describe('linking screen (bug 8)', () => {
  it('says the code is being checked, not that approval is near, and says so when the owner’s code did not match', async () => {
    const h = harness();
    const store = await startWithCode(h);
    expect(screen.getByTestId('wait-status').textContent).toMatch(/type the code/);

    await h.answer(h.pending('pake-A'));
    await waitFor(() => expect(screen.getByTestId('wait-status').textContent).toMatch(/typed a code; it is being checked/));
    expect(screen.getByTestId('wait-status').textContent).not.toMatch(/waiting for the approval/i);

    // The owner's page found the code wrong and the owner typed another one.
    await h.answer(h.pending('pake-B'));
    await waitFor(() => expect(screen.getByTestId('link-wait').dataset.step).toBe('code-mismatch'));
    expect(screen.getByTestId('wait-status').textContent).toMatch(/did not match/);
    expect(h.respond).toHaveBeenCalledTimes(2);
    store.stop();
  });

  it('stops counting down as soon as the request is locked', async () => {
    const h = harness();
    const store = await startWithCode(h);
    h.advance(5_000);
    vi.advanceTimersByTime(1000);
    await waitFor(() => expect(screen.getByTestId('wait-countdown').textContent).toBe('Expires in 9:55'));

    await h.answer({ ...h.pending('pake-C'), status: 'refused', refusalReason: 'Too many wrong pairing codes.' });
    await waitFor(() => expect(screen.getByTestId('link-wait').dataset.phase).toBe('failed'));
    expect(screen.queryByTestId('wait-countdown')).toBeNull();
    expect(screen.getByTestId('wait-error').textContent).toMatch(/wrong code too often/);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    h.advance(60_000);
    vi.advanceTimersByTime(60_000);
    expect(store.secondsLeft.value).toBeNull();
    screen.getByText('Start again');
  });

  it('lands in the inbox with a welcome once linked', async () => {
    const h = harness();
    const store = createLinkStore(h.deps);
    render(<LinkPage store={store} />);
    await act(() => store.start());
    fireEvent.input(document.getElementById('person')!, { target: { value: 'Bruno Costa' } });
    await act(async () => {
    await store.submit();
  });
    expect((document.getElementById('qr-text') as HTMLTextAreaElement).value).toBe('SWB1:xyz');
    await h.answer({ ...h.pending(), status: 'approved' });
    await waitFor(() => expect(h.navigate).toHaveBeenCalledWith('/inbox'));
    expect(takeWelcome()).toEqual({ person: 'Bruno Costa', role: 'agent', business: 'Acme Support' });
    expect(takeWelcome()).toBeNull();
  });

  it('asks for the business number only with a pairing code, in the chosen language', async () => {
    setLanguage('nl');
    const h = harness();
    const store = createLinkStore(h.deps);
    render(<LinkPage store={store} />);
    await act(() => store.start());
    expect(document.getElementById('number-field')!.hidden).toBe(true);
    fireEvent.click(document.querySelector('input[name=method][value=code]')!);
    expect(document.getElementById('number-field')!.hidden).toBe(false);
    fireEvent.submit(document.getElementById('link-form')!);
    await screen.findByText('Vul je naam in.');
    screen.getByText(/Vul het zakelijke nummer in/);
  });
});

describe('a customer’s second browser', () => {
  it('asks for the phone number with a QR code too, and in the customer’s words', async () => {
    setLanguage('de');
    const h = harness();
    const open = vi.spyOn(h.deps, 'open');
    const store = createLinkStore(h.deps, 'customer');
    render(<LinkPage store={store} />);
    await act(() => store.start());
    expect(document.getElementById('number-field')!.hidden).toBe(false);
    screen.getByText('Wie bestätigen Sie ihn in Ihrem ersten Browser?');
    fireEvent.input(document.getElementById('person')!, { target: { value: 'Maria' } });
    fireEvent.submit(document.getElementById('link-form')!);
    await screen.findByText('Geben Sie die Mobilnummer ein, mit der Sie chatten.');
    expect(open).not.toHaveBeenCalled();

    fireEvent.input(document.getElementById('account')!, { target: { value: '+351912345678' } });
    await act(async () => {
      await store.submit();
    });
    expect(open).toHaveBeenCalledWith({ person: 'Maria', method: 'qr', account: '+351912345678' });
    expect(screen.getByTestId('wait-status').textContent).toBe('Warten, bis Ihr erster Browser den Code liest…');
    store.stop();
  });

  it('says the first browser declined, and goes to the chat without a business welcome once linked', async () => {
    const refused = harness();
    const store = createLinkStore(refused.deps, 'customer');
    render(<LinkPage store={store} />);
    await act(() => store.start());
    fireEvent.input(document.getElementById('person')!, { target: { value: 'Maria' } });
    fireEvent.input(document.getElementById('account')!, { target: { value: '+351912345678' } });
    await act(async () => {
      await store.submit();
    });
    await refused.answer({ ...refused.pending(), status: 'refused', refusalReason: 'The owner declined this device.' });
    await waitFor(() => expect(screen.getByTestId('wait-error').textContent).toBe('Your first browser declined this browser.'));
    cleanup();

    const h = harness();
    const linked = createLinkStore(h.deps, 'customer');
    render(<LinkPage store={linked} />);
    await act(() => linked.start());
    fireEvent.input(document.getElementById('person')!, { target: { value: 'Maria' } });
    fireEvent.input(document.getElementById('account')!, { target: { value: '+351912345678' } });
    await act(async () => {
      await linked.submit();
    });
    await h.answer({ ...h.pending(), status: 'approved' });
    await waitFor(() => expect(h.navigate).toHaveBeenCalledWith('/chat'));
    expect(takeWelcome()).toBeNull();
  });
});
