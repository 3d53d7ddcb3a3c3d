import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { roleLabel } from '../lib/roles';
import { takeWelcome, type WelcomeNote } from './welcome';

/**
 * The one-time welcome after linking, for the top of the inbox: `<Welcome />`. Renders nothing unless the
 * link page just linked this browser.
 */
export function Welcome({ note: given }: { note?: WelcomeNote | null }) {
  const [note, setNote] = useState<WelcomeNote | null>(() => (given === undefined ? takeWelcome() : given));
  if (!note) return null;
  return (
    <div class="notice welcome" role="status" data-testid="welcome">
      <strong>{t('link:welcome.title', { person: note.person })}</strong>{' '}
      {t('link:welcome.text', { role: roleLabel(note.role), business: note.business ?? t('link:welcome.theBusiness') })}{' '}
      <button type="button" class="link-button" data-testid="welcome-close" onClick={() => setNote(null)}>
        {t('common:close')}
      </button>
    </div>
  );
}
