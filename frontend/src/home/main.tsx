import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { pageTitle, t } from '../i18n';
import { HomePage } from './HomePage';
import { createHomeStore, realHomeDeps } from './store';

export function mountHomePage(root: HTMLElement): void {
  const deps = realHomeDeps();
  const store = createHomeStore(deps);
  render(<HomePage store={store} navigate={deps.navigate} />, root);
  mountLanguageSwitch();
  pageTitle(() => t('home:title'));
  void store.start();
}
