import { api, ApiError, errorMessage, signIn } from '../lib/api';
import { loadIdentity } from '../lib/identity';
import type { AccountInfo } from '../lib/types';
import { byId, h, isLoggedOut, replaceChildren } from '../lib/ui';

const card = byId('welcome');
const status = byId('status');

function done(...content: Array<Node | string>): void {
  card.querySelector('.progress')?.remove();
  status.remove();
  for (const node of card.querySelectorAll('[data-state]')) node.remove();
  const box = h('div', { 'data-state': 'result' });
  replaceChildren(box, ...content);
  card.appendChild(box);
}

function retryButton(): HTMLButtonElement {
  return h('button', { type: 'button', id: 'retry-button', onclick: () => location.reload() }, 'Try again');
}

async function main(): Promise<void> {
  let account: AccountInfo;
  try {
    account = await api.get<AccountInfo>('/api/account');
  } catch (error) {
    done(h('p', { class: 'error', id: 'index-error', role: 'alert' }, errorMessage(error)), retryButton());
    return;
  }

  if (!account.setUp) {
    done(
      h('p', { id: 'not-set-up', 'data-testid': 'not-set-up' }, h('strong', null, 'No business number is set up on this server yet.')),
      h(
        'p',
        null,
        'The owner must open the one-time setup link that the server printed in its log when it started ',
        '(it looks like ',
        h('code', null, `${location.origin}/setup#token=…`),
        '). The browser that opens it becomes the primary device.',
      ),
      retryButton(),
    );
    return;
  }

  const identity = await loadIdentity();
  if (identity) {
    status.textContent = `Signing in to ${account.displayName ?? account.businessNumber}…`;
    try {
      await signIn();
      location.replace('/devices');
    } catch (error) {
      if (isLoggedOut()) return; // the logged-out screen is showing
      done(
        h('p', { class: 'error', id: 'index-error', role: 'alert' }, `This browser could not sign in: ${errorMessage(error)}`),
        h('div', { class: 'row' }, retryButton()),
      );
      if (error instanceof ApiError && error.status === 0) return;
    }
    return;
  }

  const link = h('button', { type: 'button', id: 'link-button', class: 'primary', 'data-testid': 'link-button', onclick: () => location.assign('/link') }, 'Link this browser');
  done(
    h('p', null, 'This is ', h('strong', null, account.displayName ?? 'the business'), "'s shared inbox",
      account.businessNumber ? ` (${account.businessNumber})` : '', '.'),
    h('p', { class: 'muted' }, 'This browser is not linked yet. Link it as one of the business\u2019s devices; the owner approves it on the primary device.'),
    link,
  );
  link.focus();
}

void main();
