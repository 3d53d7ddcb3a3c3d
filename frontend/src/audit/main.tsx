import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { pageTitle, t } from '../i18n';
import { api, errorMessage } from '../lib/api';
import { loadIdentity } from '../lib/identity';
import { isAdmin } from '../lib/roles';
import type { DevicesView } from '../lib/types';
import { isLoggedOut } from '../lib/ui';
import { downloadCsv } from '../reports/download';
import { AuditPage } from './AuditPage';
import { createAuditStore } from './store';

/** Starts the audit page (§15.8), for owners and admins: names from the device list, then the newest entries. */
export async function mountAuditPage(root: HTMLElement): Promise<void> {
  const showFatal = (message: string) => {
    root.replaceChildren();
    const box = document.createElement('div');
    box.className = 'error';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'audit-error';
    box.textContent = message;
    root.append(box);
  };
  if (!(await loadIdentity())) {
    location.replace('/');
    return;
  }
  mountLanguageSwitch();
  pageTitle(() => t('audit:title'));
  let view: DevicesView;
  try {
    view = await api.get<DevicesView>('/api/devices');
  } catch (error) {
    if (!isLoggedOut()) showFatal(t('audit:error.load', { reason: errorMessage(error) }));
    return;
  }
  if (!isAdmin(view.myRole)) {
    showFatal(t('audit:error.notAdmin'));
    return;
  }
  const store = createAuditStore({ http: api, errorText: errorMessage, download: downloadCsv });
  store.people.value = new Map(view.devices.map((device) => [device.id, device.person]));
  document.body.classList.add('board-page');
  root.replaceChildren();
  render(<AuditPage store={store} />, root);
  await store.load();
}
