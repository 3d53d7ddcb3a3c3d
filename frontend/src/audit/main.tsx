import { render } from 'preact';
import { api, errorMessage } from '../lib/api';
import { startBusinessPage } from '../lib/businessPage';
import { isAdmin } from '../lib/roles';
import { downloadCsv } from '../reports/download';
import { AuditPage } from './AuditPage';
import { createAuditStore } from './store';

/** Starts the audit page (§15.8), for owners and admins: names from the device list, then the newest entries. */
export async function mountAuditPage(root: HTMLElement): Promise<void> {
  const page = await startBusinessPage(root, { namespace: 'audit', refusal: 'error.notAdmin', testId: 'audit-error', allowed: isAdmin });
  if (!page) return;
  const { view } = page;
  const store = createAuditStore({ http: api, errorText: errorMessage, download: downloadCsv });
  store.people.value = new Map(view.devices.map((device) => [device.id, device.person]));
  document.body.classList.add('board-page');
  root.replaceChildren();
  render(<AuditPage store={store} />, root);
  await store.load();
}
