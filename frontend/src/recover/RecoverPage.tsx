import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../i18n';
import type { RecoverStore } from './store';

export function RecoverPage({ store }: { store: RecoverStore }) {
  const [person, setPerson] = useState('');
  const [key, setKey] = useState('');
  const step = store.step.value;
  const claim = store.claim.value;
  const working = step === 'working';
  return (
    <section class="card" id="recover" data-testid="recover" data-step={step}>
      <h1>{t('recovery:page.title')}</h1>
      <p class="error" role="alert" data-testid="recover-error" hidden={!store.error.value}>{store.error.value}</p>
      {(step === 'start' || step === 'working') && store.resetToken.value && (
        <form onSubmit={(event) => { event.preventDefault(); void store.resetWithLink(person.trim()); }}>
          <p>{t('recovery:page.resetIntro')}</p>
          <label for="recover-person">{t('recovery:page.person')}</label>
          <input id="recover-person" required maxLength={80} value={person} onInput={(e) => setPerson((e.target as HTMLInputElement).value)} />
          <button type="submit" class="primary" id="reset-submit" disabled={working}>{t('recovery:page.resetSubmit')}</button>
        </form>
      )}
      {(step === 'start' || step === 'working') && !store.resetToken.value && (
        <form onSubmit={(event) => { event.preventDefault(); void store.recoverWithKey(key, person.trim()); }}>
          <p>{t('recovery:page.keyIntro')}</p>
          <label for="recover-person">{t('recovery:page.person')}</label>
          <input id="recover-person" required maxLength={80} value={person} onInput={(e) => setPerson((e.target as HTMLInputElement).value)} />
          <label for="recover-key">{t('recovery:page.key')}</label>
          <textarea id="recover-key" data-testid="recover-key" required rows={3} spellcheck={false} autocomplete="off" value={key}
            onInput={(e) => setKey((e.target as HTMLTextAreaElement).value)} />
          <button type="submit" class="primary" id="recover-submit" disabled={working}>{t('recovery:page.keySubmit')}</button>
        </form>
      )}
      {step === 'waiting' && claim && (
        <div data-testid="recover-waiting">
          <p>{t('recovery:page.waiting', { date: formatDateTime(Date.parse(claim.takesEffectAt)) })}</p>
          <button type="button" id="recover-check" onClick={() => void store.refreshClaim()}>{t('recovery:page.check')}</button>{' '}
          {/* The server decides when the window is over (its clock); early, it answers recovery_veto_running. */}
          <button type="button" id="recover-complete-early" onClick={() => void store.completeRecovery()}>{t('recovery:page.complete')}</button>
        </div>
      )}
      {step === 'ready' && (
        <div>
          <p>{t('recovery:page.ready')}</p>
          <button type="button" class="primary" id="recover-complete" onClick={() => void store.completeRecovery()}>{t('recovery:page.complete')}</button>
        </div>
      )}
      {step === 'stopped' && <p data-testid="recover-stopped">{t('recovery:page.stopped', { status: claim?.status ?? '' })}</p>}
    </section>
  );
}
