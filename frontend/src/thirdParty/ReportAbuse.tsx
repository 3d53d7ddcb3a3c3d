import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { errorMessage } from '../lib/api';

export interface AbuseDeps {
  post<T>(path: string, body: unknown): Promise<T>;
}

/**
 * "Report abuse" in a third-party chat: the note goes to this business's own provider, the room's hub in MIMI's
 * terms, which records it in the audit trail for owners and admins (docs/interop.md §4.10).
 */
export function ReportAbuse({ roomId, http }: { roomId: string; http: AbuseDeps }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await http.post(`/api/federation/rooms/${encodeURIComponent(roomId)}/abuse-reports`, { note: note.trim() });
      setResult({ ok: true, text: t('thirdPartyChats:abuse.sent') });
      setOpen(false);
      setNote('');
    } catch (failure) {
      setResult({ ok: false, text: t('thirdPartyChats:abuse.failed', { error: errorMessage(failure) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="report-abuse" data-testid="report-abuse">
      {open ? (
        <form onSubmit={(event) => void send(event)} data-testid="report-abuse-form">
          <label for={`abuse-note-${roomId}`}>{t('thirdPartyChats:abuse.note')}</label>
          <textarea id={`abuse-note-${roomId}`} data-testid="report-abuse-note" maxLength={2000} value={note} onInput={(event) => setNote((event.currentTarget as HTMLTextAreaElement).value)} />
          <div class="row">
            <button type="submit" class="danger small" data-testid="report-abuse-send" disabled={busy}>
              {t('thirdPartyChats:abuse.send')}
            </button>
            <button type="button" class="small" onClick={() => setOpen(false)}>
              {t('thirdPartyChats:abuse.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" class="link-button small" data-testid="report-abuse-open" onClick={() => { setOpen(true); setResult(null); }}>
          {t('thirdPartyChats:abuse.open')}
        </button>
      )}
      {result ? (
        <p class={result.ok ? 'muted small' : 'error small'} role="status" aria-live="polite" data-testid="report-abuse-result">
          {result.text}
        </p>
      ) : null}
    </div>
  );
}
