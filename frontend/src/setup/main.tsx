import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { pageTitle, t } from '../i18n';
import { SetupPage } from './SetupPage';
import { createSetupStore, realSetupDeps, type SetupDeps, type SetupStore } from './store';

/** Mounts the setup page; the token is read again whenever the address changes (a pasted link, back/forward). */
export function mountSetupPage(root: HTMLElement, deps: SetupDeps = realSetupDeps()): SetupStore {
  const store = createSetupStore(deps);
  const reread = () => void store.addressChanged(location.hash, location.search);
  window.addEventListener('hashchange', reread);
  window.addEventListener('popstate', reread);
  render(<SetupPage store={store} />, root);
  mountLanguageSwitch();
  pageTitle(() => t('setup:title'));
  void store.start().then(() => document.getElementById('businessNumber')?.focus());
  return store;
}
