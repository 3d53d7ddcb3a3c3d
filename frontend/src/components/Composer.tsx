import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { translator } from '../i18n';
import { attachmentSizeError, formatSize } from '../lib/attachments';
import { choosesSuggestion, moveSuggestion, type SuggestionSet } from '../lib/suggestions';

const tr = translator('components');

export interface ComposerProps {
  placeholder: string;
  enabled: boolean;
  /** Business devices: a "Reply / Private note" switch, controlled by the page (a shortcut can flip it). */
  allowNotes?: boolean;
  note?: boolean;
  onNoteChange?(note: boolean): void;
  notePlaceholder?: string;
  /** A line above the box (someone else is assigned); null shows nothing. */
  warning?: string | null;
  warningTestId?: string;
  /**
   * Takes the text; the composer empties at once (the message waits in the outbox). Throws to keep the
   * text and show why it was not taken.
   */
  onSend(text: string, note: boolean): void;
  /** Sends a file with a caption, after the person saw the preview. */
  onAttach?(file: File, caption: string): void;
  /** Suggestions at the caret (canned replies after "/", teammates after "@"). */
  suggest?(text: string, caret: number, note: boolean): SuggestionSet | null;
  /** Every edit by the person (to tell teammates someone is typing). */
  onTyping?(text: string): void;
  inputRef?: Ref<HTMLTextAreaElement>;
}

/**
 * The message box: Enter sends, Shift+Enter is a new line; a suggestion list above it (↑/↓ move,
 * Enter or Tab take one, Escape closes it); a file goes through a preview with a caption first.
 */
export function Composer(props: ComposerProps) {
  const { enabled, allowNotes = false, note = false, warning = null } = props;
  const ownInput = useRef<HTMLTextAreaElement>(null);
  const input = (props.inputRef as { current: HTMLTextAreaElement | null } | undefined) ?? ownInput;
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<SuggestionSet | null>(null);
  const [active, setActive] = useState(0);
  const [announce, setAnnounce] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // The token the person closed with Escape stays closed until they move to another word.
  const dismissedAt = useRef<number | null>(null);

  useEffect(() => autosize(), [text]);
  useEffect(() => {
    if (!enabled) setSuggestions(null);
  }, [enabled]);

  function autosize(): void {
    const element = input.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight, 180)}px`;
  }

  function updateSuggestions(value = input.current?.value ?? '', noteMode = note): void {
    const element = input.current;
    if (!props.suggest || !element || !enabled) return setSuggestions(null);
    const caret = element.selectionStart ?? value.length;
    const next = element.selectionEnd === caret ? props.suggest(value, caret, noteMode) : null;
    if (!next || next.items.length === 0 || next.start === dismissedAt.current) {
      if (!next || next.start !== dismissedAt.current) dismissedAt.current = null;
      return setSuggestions(null);
    }
    const before = suggestions?.items[active]?.key;
    if (!suggestions || suggestions.items.length !== next.items.length) setAnnounce(next.title);
    const kept = next.items.findIndex((item) => item.key === before);
    setActive(kept >= 0 ? kept : 0);
    setSuggestions(next);
  }

  function choose(index: number): void {
    if (!suggestions) return;
    const inserted = suggestions.apply(index);
    dismissedAt.current = suggestions.start;
    const element = input.current!;
    element.value = inserted.text;
    setText(inserted.text);
    element.setSelectionRange(inserted.caret, inserted.caret);
    setSuggestions(null);
    element.focus();
    props.onTyping?.(inserted.text);
  }

  function submit(): void {
    const value = (input.current?.value ?? text).replace(/^\s+|\s+$/g, '');
    if (file) return sendFile(value);
    if (value === '') {
      input.current?.focus();
      return;
    }
    try {
      props.onSend(value, note);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      return;
    }
    setError(null);
    if (input.current) input.current.value = '';
    setText('');
    input.current?.focus();
  }

  function pickFile(picked: File): void {
    if (note) return setError(tr('composer.noteNoAttachments'));
    const tooLarge = attachmentSizeError(picked.size, picked.name ? `\u201C${picked.name}\u201D` : undefined);
    if (tooLarge) return setError(tooLarge);
    setError(null);
    setFile(picked);
    input.current?.focus();
  }

  function sendFile(caption: string): void {
    if (!file || !props.onAttach) return;
    props.onAttach(file, caption);
    setFile(null);
    if (input.current) input.current.value = '';
    setText('');
    input.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (suggestions && !event.isComposing) {
      const moved = moveSuggestion(active, event.key, suggestions.items.length);
      if (moved !== null && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        setActive(moved);
        return;
      }
      if (choosesSuggestion(event.key) && !event.shiftKey) {
        event.preventDefault();
        choose(active);
        return;
      }
      if (event.key === 'Escape') {
        // Only the list closes; the page's own Escape handling must not see this key.
        event.preventDefault();
        event.stopPropagation();
        dismissedAt.current = suggestions.start;
        setSuggestions(null);
        return;
      }
    }
    if (event.key === 'Escape' && file) {
      event.preventDefault();
      event.stopPropagation();
      setFile(null);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  const placeholder = file ? tr('composer.caption') : note ? props.notePlaceholder ?? tr('composer.notePlaceholder') : props.placeholder;
  return (
    <form
      class={`composer${note ? ' note-mode' : ''}`}
      id="composer"
      data-testid="composer"
      noValidate
      aria-busy={!enabled}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p id="composer-warning" class="composer-warning" role="status" hidden={!warning} data-testid={props.warningTestId ?? 'composer-warning'}>
        {warning ?? ''}
      </p>
      {allowNotes ? (
        <div class="composer-mode">
          <label class="note-switch" for="note-toggle">
            <span class="mode-reply">{tr('composer.reply')}</span>
            <input
              type="checkbox"
              id="note-toggle"
              data-testid="note-toggle"
              role="switch"
              aria-describedby="note-help"
              checked={note}
              disabled={!enabled}
              onChange={(event) => {
                const on = (event.currentTarget as HTMLInputElement).checked;
                props.onNoteChange?.(on);
                // Mentions are offered in notes only, so switching the mode changes the list.
                updateSuggestions(undefined, on);
              }}
            />
            <span class="switch-track" aria-hidden="true" />
            <span class="mode-note">{tr('composer.note')}</span>
          </label>
          <small id="note-help" class="muted">
            {tr('composer.noteHelp')}
          </small>
        </div>
      ) : null}
      {props.suggest ? (
        <>
          <ul id="composer-suggestions" class="composer-suggestions" role="listbox" data-testid="composer-suggestions" hidden={!suggestions} aria-label={suggestions?.kind === 'mention' ? tr('composer.teammates') : tr('composer.cannedReplies')}>
            {suggestions?.items.map((item, index) => (
              <li
                key={item.key}
                id={`composer-suggestion-${index}`}
                class={`composer-suggestion${index === active ? ' active' : ''}`}
                role="option"
                aria-selected={index === active}
                data-testid={suggestions.kind === 'canned' ? 'canned-suggestion' : 'mention-suggestion'}
                data-key={item.key}
                // mousedown keeps the focus in the box; the choice happens on click
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(index)}
              >
                <span class="suggestion-label">{item.label}</span>
                {item.detail ? <span class="suggestion-detail muted small">{item.detail}</span> : null}
              </li>
            ))}
          </ul>
          <span class="visually-hidden" role="status" aria-live="polite">
            {suggestions ? announce : ''}
          </span>
        </>
      ) : null}
      {file ? <AttachmentPreview file={file} onCancel={() => setFile(null)} /> : null}
      <div class="composer-row">
        {props.onAttach ? (
          <>
            <button
              type="button"
              id="attach-button"
              data-testid="attach-button"
              class="attach-button"
              title={tr('composer.attach')}
              aria-label={tr('composer.attach')}
              disabled={!enabled}
              onClick={() => {
                if (fileInput.current) {
                  fileInput.current.value = '';
                  fileInput.current.click();
                }
              }}
            >
              {tr('composer.attachShort')}
            </button>
            <input
              type="file"
              id="attach-input"
              data-testid="attach-input"
              class="attach-input"
              hidden
              tabIndex={-1}
              aria-hidden="true"
              ref={fileInput}
              onChange={(event) => {
                const element = event.currentTarget as HTMLInputElement;
                const picked = element.files?.[0];
                element.value = '';
                if (picked) pickFile(picked);
              }}
            />
          </>
        ) : null}
        <textarea
          id="composer-input"
          data-testid="composer-input"
          class="composer-input"
          rows={1}
          placeholder={placeholder}
          aria-label={tr('composer.message')}
          maxLength={20000}
          disabled={!enabled}
          ref={input}
          aria-autocomplete={props.suggest ? 'list' : undefined}
          aria-controls={props.suggest ? 'composer-suggestions' : undefined}
          aria-expanded={props.suggest ? !!suggestions : undefined}
          aria-activedescendant={suggestions ? `composer-suggestion-${active}` : undefined}
          onInput={(event) => {
            const value = (event.currentTarget as HTMLTextAreaElement).value;
            setText(value);
            if (error) setError(null);
            updateSuggestions(value);
            if (value !== '') props.onTyping?.(value);
          }}
          onKeyDown={onKeyDown}
          onKeyUp={(event) => {
            if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || (!suggestions && (event.key === 'Home' || event.key === 'End'))) updateSuggestions();
          }}
          onClick={() => updateSuggestions()}
          onBlur={() => setSuggestions(null)}
        />
        <button type="submit" id="send-button" data-testid="send-button" class="primary send-button" disabled={!enabled}>
          {note ? tr('composer.addNote') : tr('composer.send')}
        </button>
      </div>
      <p id="composer-error" class="error composer-error" role="alert" hidden={!error} data-testid="composer-error">
        {error ?? ''}
      </p>
    </form>
  );
}

/** The file about to be sent: a picture of it when it is an image, its name and size. */
function AttachmentPreview({ file, onCancel }: { file: File; onCancel(): void }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/') || typeof URL.createObjectURL !== 'function') return undefined;
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  return (
    <div class="attachment-preview" data-testid="attachment-preview">
      {url ? <img class="attachment-preview-image" src={url} alt="" /> : <span class="attachment-preview-icon" aria-hidden="true">📎</span>}
      <span class="attachment-preview-info">
        <span class="attachment-name" data-testid="attachment-preview-name">
          {file.name}
        </span>
        <span class="muted small">{formatSize(file.size)}</span>
      </span>
      <button type="button" class="link-button" data-testid="attachment-preview-cancel" onClick={onCancel}>
        {tr('composer.removeFile')}
      </button>
    </div>
  );
}
