// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import { SetupPage } from '../../src/setup/SetupPage';
import { createSetupStore, type SetupDeps } from '../../src/setup/store';

function deps(overrides: Partial<SetupDeps> = {}): SetupDeps {
  return {
    location: { hash: '', search: '' },
    account: async () => ({ setUp: false, businessNumber: null, displayName: null }),
    loadIdentity: async () => null,
    clearIdentity: async () => undefined,
    createAccount: vi.fn(async () => undefined),
    navigate: vi.fn(),
    ...overrides,
  };
}

function fill(id: string, value: string) {
  fireEvent.input(document.getElementById(id)!, { target: { value } });
}

afterEach(() => {
  cleanup();
  setLanguage('en');
});

describe('setup page', () => {
  it('reads the token again when the address changes in the same tab (bug 7)', async () => {
    const createAccount = vi.fn(async (token: string) => {
      if (token !== 'right-token-0123456789') throw new ApiError(400, 'setup_token_invalid', 'The setup link is not valid.');
    });
    const store = createSetupStore(deps({ location: { hash: '#token=wrong-token-0123456789', search: '' }, createAccount }));
    render(<SetupPage store={store} />);
    await store.start();
    fill('businessNumber', '+4915112345678');
    fill('displayName', 'Acme Support');
    fill('person', 'Ana Lima');
    fireEvent.submit(document.getElementById('setup-form')!);
    await screen.findByText(/The setup link is not valid/);

    // The person pastes the right link into the address bar: only the fragment changes, the page stays.
    await store.addressChanged('#token=right-token-0123456789');
    await waitFor(() => expect((document.getElementById('setup-submit') as HTMLButtonElement).disabled).toBe(false));
    expect(document.getElementById('form-error')!.hidden).toBe(true);
    fireEvent.submit(document.getElementById('setup-form')!);
    await waitFor(() => expect(createAccount).toHaveBeenLastCalledWith('right-token-0123456789', expect.objectContaining({ person: 'Ana Lima' })));
  });

  it('takes a pasted link when the tab was opened without a token', async () => {
    const navigate = vi.fn();
    const createAccount = vi.fn(async () => undefined);
    const store = createSetupStore(deps({ navigate, createAccount }));
    render(<SetupPage store={store} />);
    await store.start();
    expect((document.getElementById('setup-submit') as HTMLButtonElement).disabled).toBe(true);
    screen.getByText(/needs the one-time setup link/);

    fill('setup-link', 'not a link');
    fireEvent.submit(document.getElementById('paste-form')!);
    await screen.findByText(/That is not a setup link/);

    fill('setup-link', 'http://localhost:8080/setup#token=abcdefghijklmnopqrstuvwxyz');
    fireEvent.submit(document.getElementById('paste-form')!);
    await waitFor(() => expect((document.getElementById('setup-submit') as HTMLButtonElement).disabled).toBe(false));
    fill('businessNumber', '+49 151 12345678');
    fill('displayName', 'Acme');
    fill('person', 'Ana');
    fireEvent.submit(document.getElementById('setup-form')!);
    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/devices'));
    expect(createAccount).toHaveBeenCalledWith('abcdefghijklmnopqrstuvwxyz', { businessNumber: '+4915112345678', displayName: 'Acme', person: 'Ana' });
  });

  it('shows each field problem next to its field, in the chosen language', async () => {
    setLanguage('de');
    const store = createSetupStore(deps({ location: { hash: '#token=abcdefghijklmnopqrstuvwxyz', search: '' } }));
    render(<SetupPage store={store} />);
    await store.start();
    fill('businessNumber', '0151 123');
    fireEvent.submit(document.getElementById('setup-form')!);
    await screen.findByText(/internationale Format/);
    expect(document.getElementById('businessNumber')!.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('person-error')!.textContent).toBe('Gib deinen Namen ein.');
  });

  it('says when the account is already set up and does not offer the form', async () => {
    const store = createSetupStore(
      deps({ location: { hash: '#token=abcdefghijklmnopqrstuvwxyz', search: '' }, account: async () => ({ setUp: true, businessNumber: '+4915112345678', displayName: 'Acme' }) }),
    );
    render(<SetupPage store={store} />);
    await store.start();
    await screen.findByText(/\+4915112345678 is already set up/);
    expect((document.getElementById('setup-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('setup page wiring', () => {
  it('hears the fragment change when the right link is pasted into the address bar', async () => {
    const { mountSetupPage } = await import('../../src/setup/main');
    history.replaceState(null, '', '/setup#token=old-token-0123456789');
    const root = document.createElement('div');
    document.body.append(root);
    const store = mountSetupPage(root, deps({ location }));
    await waitFor(() => expect(store.phase.value).toBe('ready'));
    expect(store.token.value).toBe('old-token-0123456789');

    location.hash = '#token=new-token-0123456789';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => expect(store.token.value).toBe('new-token-0123456789'));
    root.remove();
  });
});
