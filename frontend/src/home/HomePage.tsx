import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import type { HomeStore } from './store';

function Retry({ store }: { store: HomeStore }) {
  return (
    <button type="button" id="retry-button" onClick={() => void store.start()}>
      {t('common:retry')}
    </button>
  );
}

export function HomePage({ store, navigate }: { store: HomeStore; navigate: (path: string) => void }) {
  const linkButton = useRef<HTMLButtonElement>(null);
  const state = store.state.value;
  useEffect(() => linkButton.current?.focus(), [state.kind]);
  return (
    <section class="card" id="welcome" data-state={state.kind}>
      <h1>{t('common:appName')}</h1>
      {state.kind === 'checking' && (
        <>
          <p class="muted" id="status">{t('home:checking')}</p>
          <div class="progress indeterminate" role="progressbar" aria-label={t('common:loading')} />
        </>
      )}
      {state.kind === 'signing-in' && (
        <>
          <p class="muted" id="status">{t('home:signingIn', { business: state.business })}</p>
          <div class="progress indeterminate" role="progressbar" aria-label={t('common:loading')} />
        </>
      )}
      {state.kind === 'error' && (
        <>
          <p class="error" id="index-error" role="alert">
            {state.signIn ? t('home:signInFailed', { error: state.message }) : state.message}
          </p>
          <div class="row">
            <Retry store={store} />
          </div>
        </>
      )}
      {state.kind === 'not-set-up' && (
        <>
          <p id="not-set-up" data-testid="not-set-up">
            <strong>{t('home:notSetUp')}</strong>
          </p>
          <p>{t('home:notSetUpHow', { link: `${location.origin}/setup#token=…` })}</p>
          <Retry store={store} />
        </>
      )}
      {state.kind === 'not-linked' && (
        <>
          <p>
            {state.number
              ? t('home:inboxOfNumber', { business: state.business ?? t('home:theBusiness'), number: state.number })
              : t('home:inboxOf', { business: state.business ?? t('home:theBusiness') })}
          </p>
          <p class="muted">{t('home:notLinked')}</p>
          <button type="button" id="link-button" class="primary" data-testid="link-button" ref={linkButton} onClick={() => navigate('/link')}>
            {t('home:link')}
          </button>
        </>
      )}
    </section>
  );
}
