import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { mountRecoveryBanner } from '../components/RecoveryBanner';
import { pageTitle, t } from '../i18n';
import { api, errorMessage } from './api';
import { loadIdentity, type StoredIdentity } from './identity';
import type { Role } from './roles';
import type { DevicesView } from './types';
import { isLoggedOut } from './ui';

export interface BusinessPageStart {
  /** The i18n namespace whose `title`, `error.load` (with `reason`) the page shows. */
  namespace: string;
  /** The key (in that namespace) shown to someone whose role may not see the page. */
  refusal: string;
  /** data-testid of the fatal box, for the browser tests. */
  testId: string;
  allowed: (role: Role) => boolean;
  /** The page opens an event connection of its own; otherwise the pending-recovery banner opens one. */
  hasEventSocket?: boolean;
}

export interface BusinessPage {
  identity: StoredIdentity;
  view: DevicesView;
}

/**
 * How a supervisor's or admin's page starts: back to `/` without a device key, the language switch and
 * title, the device list, the role check, and the banner of a pending recovery (protocol §7.3). Null when the page must not go on: the reason is then shown
 * in one error box that replaces the page (or the logged-out screen already says it).
 */
export async function startBusinessPage(root: HTMLElement, start: BusinessPageStart): Promise<BusinessPage | null> {
  const showFatal = (message: string) => {
    root.replaceChildren();
    const box = document.createElement('div');
    box.className = 'error';
    box.setAttribute('role', 'alert');
    box.dataset.testid = start.testId;
    box.textContent = message;
    root.append(box);
  };
  const identity = await loadIdentity();
  if (!identity) {
    location.replace('/');
    return null;
  }
  mountLanguageSwitch();
  pageTitle(() => t(`${start.namespace}:title`));
  let view: DevicesView;
  try {
    view = await api.get<DevicesView>('/api/devices');
  } catch (error) {
    if (!isLoggedOut()) showFatal(t(`${start.namespace}:error.load`, { reason: errorMessage(error) }));
    return null;
  }
  if (!start.allowed(view.myRole)) {
    showFatal(t(`${start.namespace}:${start.refusal}`));
    return null;
  }
  mountRecoveryBanner(root, { ownSocket: !start.hasEventSocket });
  return { identity, view };
}
