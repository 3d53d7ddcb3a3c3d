import { t } from '../i18n';
import type { PeerField, PeersStore } from './store';

function fieldError(id: string, message: string | undefined) {
  return message ? (
    <small id={`${id}-error`} class="field-error" aria-live="polite">
      {message}
    </small>
  ) : null;
}

/**
 * Settings → Third-party chats: the peer providers whose users may write to the business number, each
 * with its address and trust, on or off. Only the number is ever shared with them (docs/interop.md §3).
 */
export function PeersSection({ store }: { store: PeersStore }) {
  if (store.hidden.value) return null;
  const view = store.view.value;
  const draft = store.draft.value;
  const errors = store.draftErrors.value;
  const set = (field: PeerField, value: string) => (store.draft.value = { ...store.draft.value, [field]: value });
  const aria = (id: string, field: PeerField) => ({
    'aria-invalid': errors[field] ? ('true' as const) : undefined,
    'aria-describedby': errors[field] ? `${id}-error` : undefined,
  });
  return (
    <section class="card settings-section" id="third-party" aria-labelledby="third-party-title" data-testid="third-party">
      <h2 id="third-party-title">{t('thirdParty:title')}</h2>
      <p class="muted small">{t('thirdParty:intro')}</p>
      <p class="error" role="alert" hidden={!store.error.value} data-testid="third-party-error">
        {store.error.value}
      </p>
      {!view ? (
        !store.error.value && <p class="muted">{t('common:loading')}</p>
      ) : (
        <>
          <p class="small" data-testid="third-party-domain">
            {view.domain ? t('thirdParty:ourDomain', { domain: view.domain }) : t('thirdParty:notConfigured')}
          </p>
          {view.peers.length === 0 ? (
            <p class="empty" data-testid="third-party-empty">
              {t('thirdParty:none')}
            </p>
          ) : (
            <ul class="settings-list">
              {view.peers.map((peer) => (
                <li key={peer.domain} class="settings-row" data-testid="peer-row">
                  <div class="settings-row-main">
                    <strong>{peer.domain}</strong> <span class="muted small">{peer.address}</span>{' '}
                    <span class="badge">{peer.enabled ? t('thirdParty:on') : t('thirdParty:off')}</span>
                  </div>
                  <div class="row">
                    <label class="settings-inline">
                      <input
                        type="checkbox"
                        data-testid="peer-enabled"
                        checked={peer.enabled}
                        disabled={store.busy.value}
                        onChange={(event) => void store.setEnabled(peer, (event.currentTarget as HTMLInputElement).checked)}
                      />
                      {t('thirdParty:allow', { domain: peer.domain })}
                    </label>
                    <button type="button" class="secondary" disabled={store.busy.value} data-testid="peer-remove" onClick={() => void store.remove(peer)}>
                      {t('thirdParty:remove')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <form
            class="form wide settings-form"
            data-testid="peer-form"
            novalidate
            onSubmit={(event) => {
              event.preventDefault();
              void store.add();
            }}
          >
            <h3>{t('thirdParty:addTitle')}</h3>
            <label for="peer-domain">
              {t('thirdParty:field.domain')}
              <input id="peer-domain" data-testid="peer-domain" autocomplete="off" spellcheck={false} value={draft.domain} onInput={(event) => set('domain', (event.currentTarget as HTMLInputElement).value)} {...aria('peer-domain', 'domain')} />
              {fieldError('peer-domain', errors.domain)}
            </label>
            <label for="peer-address">
              {t('thirdParty:field.address')}
              <input id="peer-address" data-testid="peer-address" placeholder="https://" value={draft.address} onInput={(event) => set('address', (event.currentTarget as HTMLInputElement).value)} {...aria('peer-address', 'address')} />
              {fieldError('peer-address', errors.address)}
            </label>
            <label for="peer-trust">
              {t('thirdParty:field.trust')}
              <textarea id="peer-trust" data-testid="peer-trust" rows={4} class="settings-textarea" value={draft.trustPem} onInput={(event) => set('trustPem', (event.currentTarget as HTMLTextAreaElement).value)} {...aria('peer-trust', 'trustPem')} />
              {fieldError('peer-trust', errors.trustPem)}
            </label>
            <p class="muted small">{t('thirdParty:addedOff')}</p>
            <button type="submit" disabled={store.busy.value} data-testid="peer-add">
              {t('thirdParty:add')}
            </button>
          </form>
        </>
      )}
      <p class="settings-status small" role="status" aria-live="polite">
        {store.status.value}
      </p>
    </section>
  );
}
