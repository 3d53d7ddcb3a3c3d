import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { ApiError, api, errorMessage } from '../lib/api';

export interface NewChatHttp {
  post<T>(path: string, body?: unknown): Promise<T>;
}

interface Started {
  roomId: string;
  state: 'requested' | 'granted';
}

const E164 = /^\+[1-9][0-9]{7,14}$/;

/**
 * Inbox → "New third-party chat": an agent asks a peer provider for a number (docs/interop.md §4.3). The
 * user there is asked to accept; the conversation appears in the list once they do. A number the provider
 * does not find, or may not show, reads "This user was not found."
 */
export function NewThirdPartyChat({ http = api }: { http?: NewChatHttp }) {
  const [domain, setDomain] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function start(event: Event) {
    event.preventDefault();
    const number = phone.replace(/[\s()-]/g, '');
    if (!domain.trim() || !E164.test(number)) {
      setResult({ ok: false, text: t('thirdParty:new.invalid') });
      return;
    }
    setBusy(true);
    setResult({ ok: true, text: t('thirdParty:new.asking', { domain: domain.trim() }) });
    try {
      const started = await http.post<Started>('/api/federation/chats', { domain: domain.trim().toLowerCase(), phone: number });
      setResult({ ok: true, text: t(started.state === 'granted' ? 'thirdParty:new.granted' : 'thirdParty:new.requested', { phone: number, domain: domain.trim() }) });
    } catch (failure) {
      const notFound = failure instanceof ApiError && failure.code === 'not_found';
      setResult({ ok: false, text: notFound ? t('thirdParty:new.notFound') : errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="third-party-new" data-testid="third-party-new">
      <summary>{t('thirdParty:new.open')}</summary>
      <form class="form" novalidate onSubmit={(event) => void start(event)}>
        <label for="third-party-domain">
          {t('thirdParty:new.provider')}
          <input id="third-party-domain" data-testid="third-party-new-domain" autocomplete="off" spellcheck={false} placeholder="chat.example.com" value={domain}
            onInput={(event) => setDomain((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <label for="third-party-phone">
          {t('thirdParty:new.phone')}
          <input id="third-party-phone" data-testid="third-party-new-phone" inputMode="tel" autocomplete="off" placeholder="+49…" value={phone}
            onInput={(event) => setPhone((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={busy} data-testid="third-party-new-start">
          {t('thirdParty:new.start')}
        </button>
        <p class={result?.ok ? 'small' : 'error small'} role="status" aria-live="polite" data-testid="third-party-new-result">
          {result?.text ?? ''}
        </p>
      </form>
    </details>
  );
}
