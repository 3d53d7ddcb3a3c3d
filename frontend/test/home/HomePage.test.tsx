// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HomePage } from '../../src/home/HomePage';
import { createHomeStore, type HomeDeps } from '../../src/home/store';

const deps = (overrides: Partial<HomeDeps>): HomeDeps => ({
  account: async () => ({ setUp: true, businessNumber: '+4915112345678', displayName: 'Acme' }),
  hasIdentity: async () => false,
  signIn: async () => undefined,
  isLoggedOut: () => false,
  navigate: vi.fn(),
  ...overrides,
});

afterEach(cleanup);

describe('start page', () => {
  it('offers linking to a browser that is no device yet', async () => {
    const d = deps({});
    const store = createHomeStore(d);
    render(<HomePage store={store} navigate={d.navigate} />);
    await act(() => store.start());
    screen.getByText('This is Acme’s shared inbox (+4915112345678).');
    fireEvent.click(screen.getByTestId('link-button'));
    expect(d.navigate).toHaveBeenCalledWith('/link');
  });

  it('signs a device in and opens its devices; says why when it cannot', async () => {
    const ok = deps({ hasIdentity: async () => true });
    await createHomeStore(ok).start();
    expect(ok.navigate).toHaveBeenCalledWith('/devices');

    const failing = deps({ hasIdentity: async () => true, signIn: async () => Promise.reject(new Error('no network')) });
    const store = createHomeStore(failing);
    render(<HomePage store={store} navigate={failing.navigate} />);
    await act(() => store.start());
    screen.getByText('This browser could not sign in: no network');
    expect(failing.navigate).not.toHaveBeenCalled();
  });

  it('explains the setup link when nothing is set up', async () => {
    const store = createHomeStore(deps({ account: async () => ({ setUp: false, businessNumber: null, displayName: null }) }));
    render(<HomePage store={store} navigate={vi.fn()} />);
    await act(() => store.start());
    screen.getByTestId('not-set-up');
    screen.getByText(/setup#token=…/);
  });
});
