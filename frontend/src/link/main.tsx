import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { pageTitle, t } from '../i18n';
import { LinkPage } from './LinkPage';
import { createLinkStore, realLinkDeps } from './store';

export function mountLinkPage(root: HTMLElement): void {
  const store = createLinkStore(realLinkDeps());
  render(<LinkPage store={store} />, root);
  mountLanguageSwitch();
  pageTitle(() => t('link:title'));
  void store.start();
}
