import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { LinkPage } from './LinkPage';
import { createLinkStore, realLinkDeps } from './store';

export function mountLinkPage(root: HTMLElement): void {
  const store = createLinkStore(realLinkDeps());
  render(<LinkPage store={store} />, root);
  mountLanguageSwitch();
  void store.start();
}
