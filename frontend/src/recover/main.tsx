import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { pageTitle, t } from '../i18n';
import { RecoverPage } from './RecoverPage';
import { createRecoverStore } from './store';

/** Mounts "Recover the account" (protocol §7.3, §7.4); a pending recovery is checked again every minute. */
export function mountRecoverPage(root: HTMLElement): void {
  const store = createRecoverStore();
  render(<RecoverPage store={store} />, root);
  mountLanguageSwitch();
  pageTitle(() => t('recovery:page.title'));
  void store.start(location.hash).catch((error: unknown) => {
    store.error.value = String(error);
  });
  setInterval(() => {
    if (store.step.value === 'waiting') void store.refreshClaim().catch(() => undefined);
  }, 60_000);
}
