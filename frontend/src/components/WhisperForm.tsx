import { useState } from 'preact/hooks';
import { translator } from '../i18n';

const tr = translator('supervise');

/**
 * A supervisor's whisper to the agent who has the conversation (protocol §14.5): a private message
 * of kind `whisper`, encrypted for the business's devices only. Used by the board and the inbox.
 * `onSend` resolves with null when sent, else with the reason to show.
 */
export function WhisperForm({ assignee, onSend }: { assignee: string; onSend(text: string): Promise<string | null> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const whisper = text.trim();
    if (!whisper || busy) return;
    setBusy(true);
    const error = await onSend(whisper);
    setBusy(false);
    if (error) {
      setStatus({ error: true, text: error });
    } else {
      setText('');
      setStatus({ error: false, text: tr('whisper.sent', { name: assignee }) });
    }
  };
  return (
    <form class="whisper-form" data-testid="whisper-form" onSubmit={(event) => void submit(event)}>
      <label class="small" for="whisper-input">
        {tr('whisper.title', { name: assignee })}
      </label>
      <div class="row">
        <textarea
          id="whisper-input"
          data-testid="whisper-input"
          rows={2}
          maxLength={4000}
          placeholder={tr('whisper.placeholder', { name: assignee })}
          value={text}
          onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
        />
        <button type="submit" data-testid="whisper-send" disabled={busy || text.trim() === ''}>
          {tr('whisper.send')}
        </button>
      </div>
      {status ? (
        <p class={`small ${status.error ? 'error' : 'muted'}`} data-testid="whisper-status" role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      ) : null}
    </form>
  );
}

/** The line a thread shows when a supervisor took the conversation over (the agent learns why it left them). */
export function TakenOverLine({ by }: { by: string }) {
  return (
    <p class="system-line small" data-testid="system-line" role="status">
      {tr('system.takenOver', { name: by })}
    </p>
  );
}
