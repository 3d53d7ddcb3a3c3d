import { type Attachment, type MessageKind, newClientMessageId } from '../protocol';
import {
  ATTACHMENT_UNREADABLE_TEXT,
  attachmentKindFor,
  attachmentSendErrorText,
  attachmentSizeError,
  formatSize,
  mimeOf,
  releaseThumbnails,
  saveAttachment,
  thumbnailUrl,
  type UploadProgress,
  uploadAttachment,
} from './attachments';
import type { LocalMessage } from './messageStore';
import { type Messenger, UNDECRYPTABLE_TEXT } from './messaging';
import { clockTime, dayBreaks, dayLabel, tickLabel, tickState, tickText, type TickState } from './messagingLogic';
import type { ConversationSide, ReceiptFrame } from './types';
import { choosesSuggestion, moveSuggestion, type SuggestionSet } from './suggestions';
import { type Child, formatExact, h, setMessage } from './ui';

/**
 * The thread and the composer, shared by the customer's chat and the agents' inbox. Everything is
 * put in as text (never HTML): message content comes from other people.
 */

export interface ThreadEntry {
  /** Stable key: `seq:<n>` once stored, `pending:<clientMessageId>` while sending. */
  key: string;
  seq: number | null;
  kind: MessageKind;
  /** Sent by our side (shown on the right). */
  mine: boolean;
  /** Sent by this very device. */
  fromThisDevice: boolean;
  senderName: string | null;
  /** null: could not be decrypted. */
  text: string | null;
  attachmentName?: string;
  /** The attachment of a stored message (to show and download). */
  attachment?: Attachment;
  /** For a pending attachment: what the upload is doing. */
  progress?: string | null;
  timeMs: number;
  ticks: TickState | null;
  /** Why sending failed, with a way to try again. */
  error?: string | null;
  onRetry?: () => void;
}

/** A message still being sent (or that failed), kept in memory until the server stored it. */
export interface PendingSend {
  clientMessageId: string;
  conversation: string;
  text: string;
  kind: MessageKind;
  createdAtMs: number;
  error: string | null;
  /** For an attachment being sent: its file name and the upload's state. */
  attachmentName?: string;
  progress?: string | null;
}

export interface EntryOptions {
  mySide: ConversationSide;
  myDeviceId: string;
  /** The other side's receipt (ticks of our side's messages). */
  otherReceipt: ReceiptFrame | undefined;
  /** Show the sender's name on our side's messages (the inbox: which agent wrote it). */
  namesOnMine: boolean;
}

/** Turns stored and pending messages into what the thread shows, in order. */
export function threadEntries(stored: readonly LocalMessage[], pending: readonly PendingSend[], options: EntryOptions, retry?: (pending: PendingSend) => void): ThreadEntry[] {
  const storedIds = new Set(stored.map((message) => message.clientMessageId).filter(Boolean));
  const entries: ThreadEntry[] = [...stored]
    .sort((a, b) => a.seq - b.seq)
    .map((message) => {
      const mine = message.status !== 'undecryptable' ? message.side === options.mySide : false;
      return {
        key: `seq:${message.seq}`,
        seq: message.seq,
        kind: message.kind,
        mine,
        fromThisDevice: message.sender === options.myDeviceId,
        senderName: message.senderName,
        text: message.status === 'undecryptable' ? null : message.text,
        attachmentName: message.attachmentName,
        attachment: message.status === 'undecryptable' ? undefined : message.attachment,
        timeMs: message.sentAt * 1000,
        ticks: mine && message.kind !== 'note' ? tickState(message.seq, options.otherReceipt) : null,
      };
    });
  for (const send of pending) {
    if (storedIds.has(send.clientMessageId)) continue;
    entries.push({
      key: `pending:${send.clientMessageId}`,
      seq: null,
      kind: send.kind,
      mine: true,
      fromThisDevice: true,
      senderName: null,
      text: send.text,
      attachmentName: send.attachmentName,
      progress: send.progress ?? null,
      timeMs: send.createdAtMs,
      ticks: send.kind === 'note' ? null : tickState(null, undefined, send.error !== null),
      error: send.error,
      onRetry: retry ? () => retry(send) : undefined,
    });
  }
  return entries;
}

export const NOTE_LABEL = 'Private note \u2014 not visible to the customer';

/** How a page may show a message's text differently (the inbox highlights @mentions in notes). */
export type TextDecorator = (text: string, entry: ThreadEntry) => Child[] | null;

function messageElement(entry: ThreadEntry, options: { namesOnMine: boolean; showSenderNames: boolean; decorateText?: TextDecorator }): HTMLElement {
  const undecryptable = entry.text === null;
  const classes = ['message', entry.mine ? 'outgoing' : 'incoming'];
  if (entry.kind === 'note') classes.push('note');
  if (undecryptable) classes.push('undecryptable');
  if (entry.seq === null) classes.push('pending');
  if (entry.error) classes.push('failed');
  const showName = entry.senderName && (entry.mine ? options.namesOnMine : options.showSenderNames);
  const text = undecryptable ? UNDECRYPTABLE_TEXT : entry.text!;
  const attachment = undecryptable ? null : attachmentElement(entry);
  if (attachment) classes.push('has-attachment');
  const ticks =
    entry.ticks === null
      ? null
      : h(
          'span',
          { class: `ticks ticks-${entry.ticks}`, 'data-testid': 'ticks', 'data-state': entry.ticks, title: tickLabel(entry.ticks), 'aria-label': tickLabel(entry.ticks) },
          tickText(entry.ticks),
        );
  const time = h('time', { datetime: new Date(entry.timeMs).toISOString(), title: formatExact(entry.timeMs) }, clockTime(entry.timeMs));
  const bubble = h(
    'div',
    { class: 'bubble' },
    entry.kind === 'note' ? h('div', { class: 'note-label', 'data-testid': 'note-label' }, NOTE_LABEL) : null,
    showName ? h('div', { class: 'sender', 'data-testid': 'message-sender' }, entry.senderName!) : null,
    attachment,
    attachment && text === '' ? null : h('div', { class: 'message-text', 'data-testid': 'message-text' }, ...((!undecryptable && options.decorateText?.(text, entry)) || [text])),
    h('div', { class: 'message-meta' }, time, ticks),
    entry.error
      ? h(
          'div',
          { class: 'send-error', role: 'alert', 'data-testid': 'send-error' },
          `Not sent: ${entry.error} `,
          entry.onRetry ? h('button', { type: 'button', class: 'link-button', 'data-testid': 'retry-send', onclick: () => entry.onRetry!() }, 'Try again') : null,
        )
      : null,
  );
  const attributes: Record<string, string> = {
    class: classes.join(' '),
    'data-testid': 'message',
    'data-kind': entry.kind,
    'data-mine': String(entry.mine),
    'data-key': entry.key,
  };
  if (entry.seq !== null) attributes['data-seq'] = String(entry.seq);
  if (entry.fromThisDevice) attributes['data-this-device'] = 'true';
  return h('li', attributes, bubble);
}

/** Download failures by blob id, so a re-render keeps showing them. */
const downloadFailures = new Set<string>();
const downloading = new Set<string>();

function attachmentElement(entry: ThreadEntry): HTMLElement | null {
  const stored = entry.attachment;
  if (!stored) {
    if (!entry.attachmentName) return null;
    // Pending (or stored without its reference): name and the upload's state.
    return h(
      'div',
      { class: 'attachment', 'data-testid': 'attachment' },
      h('div', { class: 'attachment-info' }, h('span', { class: 'attachment-name', 'data-testid': 'attachment-name' }, entry.attachmentName)),
      entry.progress ? h('div', { class: 'attachment-progress muted small', 'data-testid': 'attachment-progress' }, entry.progress) : null,
    );
  }
  const error = h('p', { class: 'error attachment-error', role: 'alert', 'data-testid': 'attachment-error', hidden: !downloadFailures.has(stored.blobId) }, ATTACHMENT_UNREADABLE_TEXT);
  const showError = () => {
    error.hidden = false;
  };
  let thumbnail: HTMLElement | null = null;
  if (stored.thumbnail) {
    const img = h('img', {
      class: 'attachment-thumbnail',
      'data-testid': 'attachment-thumbnail',
      alt: stored.name ? `Preview of ${stored.name}` : 'Image preview',
      hidden: true,
    });
    void thumbnailUrl(stored.thumbnail).then((url) => {
      if (url) {
        img.src = url;
        img.hidden = false;
      } else {
        showError();
      }
    });
    thumbnail = img;
  }
  const button = h(
    'button',
    { type: 'button', class: 'attachment-download', 'data-testid': 'attachment-download', 'aria-label': `Download ${stored.name || 'attachment'}`, disabled: downloading.has(stored.blobId) },
    downloading.has(stored.blobId) ? 'Downloading\u2026' : 'Download',
  );
  button.addEventListener('click', () => {
    if (downloading.has(stored.blobId)) return;
    downloading.add(stored.blobId);
    downloadFailures.delete(stored.blobId);
    error.hidden = true;
    button.disabled = true;
    button.textContent = 'Downloading\u2026';
    saveAttachment(stored)
      .catch((failure) => {
        console.warn('attachment download failed', failure);
        downloadFailures.add(stored.blobId);
        showError();
      })
      .finally(() => {
        downloading.delete(stored.blobId);
        button.disabled = false;
        button.textContent = 'Download';
      });
  });
  return h(
    'div',
    { class: 'attachment', 'data-testid': 'attachment', 'data-mime': stored.mime },
    thumbnail,
    h(
      'div',
      { class: 'attachment-info' },
      h('span', { class: 'attachment-name', 'data-testid': 'attachment-name' }, stored.name || 'Unnamed file'),
      h('span', { class: 'attachment-size muted small', 'data-testid': 'attachment-size' }, formatSize(stored.size)),
      button,
    ),
    error,
  );
}

/**
 * Renders the thread into `list` (an <ol id="thread">): day separators and messages. Keeps the view
 * at the bottom when it was there (or when this device just sent something).
 */
export function renderThread(
  list: HTMLElement,
  entries: readonly ThreadEntry[],
  options: { emptyText: string; namesOnMine: boolean; showSenderNames: boolean; nowMs?: number; scroller?: HTMLElement; decorateText?: TextDecorator },
): void {
  const scroller = options.scroller ?? list;
  const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  const previousLast = list.querySelector<HTMLElement>('li.message:last-of-type')?.dataset.key;
  const nowMs = options.nowMs ?? Date.now();
  const children: HTMLElement[] = [];
  if (entries.length === 0) {
    children.push(h('li', { class: 'thread-empty', 'data-testid': 'thread-empty' }, options.emptyText));
  } else {
    const breaks = new Set(dayBreaks(entries.map((entry) => entry.timeMs)));
    entries.forEach((entry, index) => {
      if (breaks.has(index)) {
        children.push(h('li', { class: 'day-separator', role: 'separator', 'data-testid': 'day-separator' }, h('span', null, dayLabel(entry.timeMs, nowMs))));
      }
      children.push(messageElement(entry, options));
    });
  }
  list.replaceChildren(...children);
  // Thumbnails no longer in this thread give their object URLs back.
  releaseThumbnails(new Set(entries.flatMap((entry) => (entry.attachment?.thumbnail ? [entry.attachment.thumbnail.blobId] : []))));
  const last = entries[entries.length - 1];
  if (nearBottom || (last && last.fromThisDevice && last.key !== previousLast)) {
    scroller.scrollTop = scroller.scrollHeight;
  }
}

// ---------------------------------------------------------------------------------------------
// Composer

export interface Composer {
  element: HTMLElement;
  input: HTMLTextAreaElement;
  setError(message: string | null): void;
  setEnabled(enabled: boolean): void;
  isNote(): boolean;
  focus(): void;
  /** A warning above the reply box (e.g. someone else is assigned); null hides it. */
  setWarning(message: string | null): void;
}

export interface ComposerOptions {
  placeholder: string;
  /** Business devices: a "Reply / Private note" switch. */
  allowNotes?: boolean;
  notePlaceholder?: string;
  /** Sends; resolves when stored (the composer stays disabled meanwhile), throws to show an error. */
  onSend(text: string, note: boolean): Promise<void>;
  /**
   * Sends a file with the composer's text as caption (an attach button appears when given);
   * resolves when stored, throws to show an error. `progress` updates the composer's indicator.
   */
  onAttach?(file: File, caption: string, progress: (progress: UploadProgress) => void): Promise<void>;
  /**
   * Suggestions for what is typed at the caret (canned replies, @mentions); a list opens above the
   * box, ↑/↓ move, Enter or Tab take one, Escape closes it.
   */
  suggest?(text: string, caret: number, note: boolean): SuggestionSet | null;
  /** Every edit of the text by the person (to tell teammates someone is typing). */
  onTyping?(text: string): void;
  /** data-testid of the warning line (setWarning). */
  warningTestId?: string;
}

/** What the composer's indicator says about an upload. */
export function progressText(progress: UploadProgress): string {
  switch (progress.stage) {
    case 'encrypting':
      return 'Encrypting\u2026';
    case 'uploading':
      return progress.fraction === null ? 'Uploading\u2026' : `Uploading\u2026 ${Math.round(progress.fraction * 100)}%`;
    case 'thumbnail':
      return 'Preparing preview\u2026';
    case 'sending':
      return 'Sending\u2026';
  }
}

/** A textarea (Enter sends, Shift+Enter is a new line), a send button and an error line. */
export function createComposer(options: ComposerOptions): Composer {
  const input = h('textarea', {
    id: 'composer-input',
    'data-testid': 'composer-input',
    class: 'composer-input',
    rows: 1,
    placeholder: options.placeholder,
    'aria-label': 'Message',
    maxlength: 20000,
  });
  const send = h('button', { type: 'submit', id: 'send-button', 'data-testid': 'send-button', class: 'primary send-button' }, 'Send');
  const error = h('p', { id: 'composer-error', class: 'error composer-error', role: 'alert', hidden: true, 'data-testid': 'composer-error' });
  const fileInput = h('input', { type: 'file', id: 'attach-input', 'data-testid': 'attach-input', class: 'attach-input', hidden: true, tabindex: -1, 'aria-hidden': 'true' });
  const attach = options.onAttach
    ? h('button', { type: 'button', id: 'attach-button', 'data-testid': 'attach-button', class: 'attach-button', title: 'Attach a file', 'aria-label': 'Attach a file' }, 'Attach')
    : null;
  const progressBar = h('progress', { class: 'attach-progress-bar', max: 1 });
  const progressLabel = h('span', { class: 'attach-progress-label' });
  const progressRow = h('div', { class: 'attach-progress', id: 'attach-progress', 'data-testid': 'attach-progress', role: 'status', 'aria-live': 'polite', hidden: true }, progressLabel, progressBar);
  const warning = h('p', { id: 'composer-warning', class: 'composer-warning', role: 'status', hidden: true, 'data-testid': options.warningTestId ?? 'composer-warning' });
  const suggestionList = h('ul', { id: 'composer-suggestions', class: 'composer-suggestions', role: 'listbox', 'data-testid': 'composer-suggestions', hidden: true });
  const suggestionStatus = h('span', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  let noteToggle: HTMLInputElement | null = null;
  let toggleRow: HTMLElement | null = null;
  const form = h('form', { class: 'composer', id: 'composer', 'data-testid': 'composer', novalidate: true });

  if (options.allowNotes) {
    noteToggle = h('input', { type: 'checkbox', id: 'note-toggle', 'data-testid': 'note-toggle', role: 'switch', 'aria-describedby': 'note-help' });
    const reply = h('span', { class: 'mode-reply' }, 'Reply');
    const note = h('span', { class: 'mode-note' }, 'Private note');
    toggleRow = h(
      'div',
      { class: 'composer-mode' },
      h('label', { class: 'note-switch', for: 'note-toggle' }, reply, noteToggle, h('span', { class: 'switch-track', 'aria-hidden': 'true' }), note),
      h('small', { id: 'note-help', class: 'muted' }, 'Private notes are seen only by your team, never by the customer.'),
    );
    const update = () => {
      const on = noteToggle!.checked;
      form.classList.toggle('note-mode', on);
      input.placeholder = on ? options.notePlaceholder ?? 'Private note \u2014 only your team sees this' : options.placeholder;
      send.textContent = on ? 'Add note' : 'Send';
    };
    noteToggle.addEventListener('change', update);
  }

  const row = h('div', { class: 'composer-row' }, attach, input, send);
  if (attach) row.append(fileInput);
  form.append(...[warning, toggleRow, options.suggest ? suggestionList : null, options.suggest ? suggestionStatus : null, row, attach ? progressRow : null, error].filter((node): node is HTMLElement => node !== null));
  if (options.suggest) {
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', suggestionList.id);
  }

  // Suggestions: the open set, the highlighted item, and the token the person closed with Escape
  // (it stays closed until they move on to another word).
  let suggestions: SuggestionSet | null = null;
  let active = 0;
  let dismissedAt: number | null = null;
  const closeSuggestions = () => {
    suggestions = null;
    suggestionList.hidden = true;
    suggestionList.replaceChildren();
    input.removeAttribute('aria-activedescendant');
    input.setAttribute('aria-expanded', 'false');
    suggestionStatus.textContent = '';
  };
  const renderSuggestions = () => {
    if (!suggestions) return;
    const set = suggestions;
    suggestionList.setAttribute('aria-label', set.kind === 'canned' ? 'Canned replies' : 'Teammates');
    suggestionList.replaceChildren(
      ...set.items.map((item, index) =>
        h(
          'li',
          {
            id: `composer-suggestion-${index}`,
            class: `composer-suggestion${index === active ? ' active' : ''}`,
            role: 'option',
            'aria-selected': String(index === active),
            'data-testid': set.kind === 'canned' ? 'canned-suggestion' : 'mention-suggestion',
            'data-key': item.key,
            // mousedown keeps the focus in the box; the choice happens on click
            onmousedown: (event: Event) => event.preventDefault(),
            onclick: () => choose(index),
          },
          h('span', { class: 'suggestion-label' }, item.label),
          item.detail ? h('span', { class: 'suggestion-detail muted small' }, item.detail) : null,
        ),
      ),
    );
    suggestionList.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.setAttribute('aria-activedescendant', `composer-suggestion-${active}`);
    suggestionList.querySelector('.active')?.scrollIntoView?.({ block: 'nearest' });
  };
  const updateSuggestions = () => {
    if (!options.suggest || input.disabled) return closeSuggestions();
    const caret = input.selectionStart ?? input.value.length;
    const next = input.selectionEnd === caret ? options.suggest(input.value, caret, noteToggle?.checked ?? false) : null;
    if (!next || next.items.length === 0 || next.start === dismissedAt) {
      if (!next || next.start !== dismissedAt) dismissedAt = null;
      return closeSuggestions();
    }
    const before = suggestions?.items[active]?.key;
    const announce = !suggestions || suggestions.items.length !== next.items.length;
    suggestions = next;
    const kept = next.items.findIndex((item) => item.key === before);
    active = kept >= 0 ? kept : 0;
    renderSuggestions();
    if (announce) suggestionStatus.textContent = next.title;
  };
  const choose = (index: number) => {
    if (!suggestions) return;
    const inserted = suggestions.apply(index);
    dismissedAt = suggestions.start;
    input.value = inserted.text;
    input.setSelectionRange(inserted.caret, inserted.caret);
    closeSuggestions();
    autosize();
    input.focus();
    options.onTyping?.(input.value);
  };

  const autosize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 180)}px`;
  };
  input.addEventListener('input', () => {
    autosize();
    if (!error.hidden) setMessage(error, null);
    updateSuggestions();
    if (input.value !== '') options.onTyping?.(input.value);
  });
  // Mentions are offered in notes only, so switching the mode changes the list.
  noteToggle?.addEventListener('change', updateSuggestions);
  // The caret moving (clicks, arrow keys outside the list) changes the word being completed.
  input.addEventListener('click', updateSuggestions);
  input.addEventListener('keyup', (event) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || (!suggestions && (event.key === 'Home' || event.key === 'End'))) updateSuggestions();
  });
  input.addEventListener('blur', closeSuggestions);

  let busy = false;
  const setEnabled = (enabled: boolean) => {
    input.disabled = !enabled;
    send.disabled = !enabled;
    if (noteToggle) noteToggle.disabled = !enabled;
    if (attach) attach.disabled = !enabled;
    form.setAttribute('aria-busy', String(!enabled));
    if (!enabled) closeSuggestions();
  };

  const submit = async () => {
    if (busy) return;
    const text = input.value.replace(/^\s+|\s+$/g, '');
    if (text === '') {
      input.focus();
      return;
    }
    busy = true;
    setMessage(error, null);
    setEnabled(false);
    // The text moves into the thread (as "sending") and comes back here if it cannot be sent.
    input.value = '';
    autosize();
    try {
      await options.onSend(text, noteToggle?.checked ?? false);
    } catch (failure) {
      if (input.value === '') input.value = text;
      autosize();
      setMessage(error, failure instanceof Error ? failure.message : String(failure));
    } finally {
      busy = false;
      setEnabled(true);
      input.focus();
    }
  };

  const showProgress = (progress: UploadProgress | null) => {
    progressRow.hidden = progress === null;
    if (!progress) return;
    progressLabel.textContent = progressText(progress);
    if (progress.fraction === null) progressBar.removeAttribute('value');
    else progressBar.value = progress.fraction;
  };

  const sendFile = async (file: File) => {
    if (busy || !options.onAttach) return;
    if (noteToggle?.checked) {
      setMessage(error, 'Private notes cannot carry attachments. Switch to Reply to send a file.');
      return;
    }
    const tooLarge = attachmentSizeError(file.size, file.name ? `\u201C${file.name}\u201D` : 'This file');
    if (tooLarge) {
      setMessage(error, tooLarge);
      return;
    }
    const caption = input.value.replace(/^\s+|\s+$/g, '');
    busy = true;
    setMessage(error, null);
    setEnabled(false);
    input.value = '';
    autosize();
    showProgress({ stage: 'encrypting', fraction: null });
    try {
      await options.onAttach(file, caption, showProgress);
    } catch (failure) {
      if (input.value === '') input.value = caption;
      autosize();
      setMessage(error, failure instanceof Error ? failure.message : String(failure));
    } finally {
      showProgress(null);
      busy = false;
      setEnabled(true);
      input.focus();
    }
  };

  if (attach) {
    attach.addEventListener('click', () => {
      if (busy) return;
      fileInput.value = '';
      fileInput.click();
    });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (file) void sendFile(file);
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  input.addEventListener('keydown', (event) => {
    if (suggestions && !event.isComposing) {
      const moved = moveSuggestion(active, event.key, suggestions.items.length);
      if (moved !== null && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        active = moved;
        renderSuggestions();
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
        dismissedAt = suggestions.start;
        closeSuggestions();
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
  });

  return {
    element: form,
    input,
    setError: (message) => setMessage(error, message),
    setEnabled,
    isNote: () => noteToggle?.checked ?? false,
    focus: () => input.focus(),
    setWarning: (message) => setMessage(warning, message),
  };
}

/** Where a page keeps the sends still in flight, so the thread can show them with their progress. */
export interface PendingSends {
  add(pending: PendingSend): void;
  remove(pending: PendingSend): void;
  render(): void;
}

/**
 * Encrypts, uploads and sends one attachment, showing it in the thread while it is on its way. The
 * same for the customer's chat and the agents' inbox.
 */
export async function sendAttachmentMessage(
  messenger: Messenger,
  conversation: string,
  file: File,
  caption: string,
  progress: (progress: UploadProgress) => void,
  pendingSends: PendingSends,
): Promise<void> {
  const pending: PendingSend = {
    clientMessageId: newClientMessageId(),
    conversation,
    text: caption,
    kind: attachmentKindFor(mimeOf(file.type)),
    createdAtMs: Date.now(),
    error: null,
    attachmentName: file.name,
    progress: null,
  };
  pendingSends.add(pending);
  const update = (state: UploadProgress) => {
    pending.progress = progressText(state);
    progress(state);
    pendingSends.render();
  };
  pendingSends.render();
  try {
    const { kind, content } = await uploadAttachment(conversation, file, caption, update);
    await messenger.sendContent(conversation, kind, content, pending.clientMessageId);
  } catch (error) {
    throw new Error(attachmentSendErrorText(error));
  } finally {
    pendingSends.remove(pending);
    pendingSends.render();
  }
}
