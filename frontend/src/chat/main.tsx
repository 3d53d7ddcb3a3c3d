import { render } from 'preact';
import { mountLanguageSwitch } from '../components/LanguageSwitch';
import { t } from '../i18n';
import { errorMessage } from '../lib/api';
import { setActiveIdentityKind } from '../lib/identity';
import { byId, setRelinkTarget } from '../lib/ui';
import { ChatPage } from './ChatPage';
import { ChatStore } from './store';

// This page works with the customer identity, never with a business device's keys.
setActiveIdentityKind('customer');
setRelinkTarget({ href: '/chat', button: t('chat:relink.button'), explanation: t('chat:relink.explanation') });

const store = new ChatStore();
const root = byId('chat-root');
mountLanguageSwitch();
root.replaceChildren(); // the template's "Loading…" placeholder; the page shows its own
render(<ChatPage store={store} />, root);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void store.markRead();
});
window.addEventListener('focus', () => void store.markRead());
window.addEventListener('online', () => void store.outbox.resume());
// Keep "Today"/"Yesterday" right across midnight.
setInterval(() => {
  store.now.value = Date.now();
}, 60_000);
void store.start().catch((error) => store.fail(t('chat:openFailed', { reason: errorMessage(error) })));
