import { signal } from '@preact/signals';
import { api, errorMessage, signIn } from '../lib/api';
import { loadIdentity } from '../lib/identity';
import type { AccountInfo } from '../lib/types';
import { isLoggedOut } from '../lib/ui';

/** The start page: is there an account, and is this browser one of its devices (then sign in and go on)? */
export type HomeState =
  | { kind: 'checking' }
  | { kind: 'signing-in'; business: string }
  | { kind: 'not-set-up' }
  | { kind: 'not-linked'; business: string | null; number: string | null }
  | { kind: 'error'; message: string; signIn: boolean };

export interface HomeDeps {
  account(): Promise<AccountInfo>;
  hasIdentity(): Promise<boolean>;
  signIn(): Promise<void>;
  isLoggedOut(): boolean;
  navigate(path: string): void;
}

export function createHomeStore(deps: HomeDeps) {
  const state = signal<HomeState>({ kind: 'checking' });
  return {
    state,
    async start(): Promise<void> {
      state.value = { kind: 'checking' };
      let account: AccountInfo;
      try {
        account = await deps.account();
      } catch (error) {
        state.value = { kind: 'error', message: errorMessage(error), signIn: false };
        return;
      }
      if (!account.setUp) {
        state.value = { kind: 'not-set-up' };
        return;
      }
      if (await deps.hasIdentity()) {
        state.value = { kind: 'signing-in', business: account.displayName ?? account.businessNumber ?? '' };
        try {
          await deps.signIn();
          deps.navigate('/devices');
        } catch (error) {
          if (deps.isLoggedOut()) return; // the logged-out screen is showing
          state.value = { kind: 'error', message: errorMessage(error), signIn: true };
        }
        return;
      }
      state.value = { kind: 'not-linked', business: account.displayName, number: account.businessNumber };
    },
  };
}

export type HomeStore = ReturnType<typeof createHomeStore>;

export const realHomeDeps = (): HomeDeps => ({
  account: () => api.get<AccountInfo>('/api/account'),
  hasIdentity: async () => (await loadIdentity()) !== null,
  signIn,
  isLoggedOut,
  navigate: (path) => (path === '/link' ? location.assign(path) : location.replace(path)),
});
