import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime, formatTime, t, translator } from '../i18n';
import { formatSize, saveAttachment, thumbnailUrl } from '../lib/attachments';
import { dayBreaks, dayLabel, tickLabel, tickText } from '../lib/messagingLogic';
import type { ThreadEntry } from '../lib/threadEntries';
import type { Attachment } from '../protocol';
import { ImageViewer } from './ImageViewer';

const tr = translator('components');

/** How far from the bottom still counts as "at the bottom" (a line and a half). */
export const NEAR_BOTTOM_PX = 80;

export interface ThreadProps {
  entries: readonly ThreadEntry[];
  /** Changes when another conversation is shown: the view starts again at its newest message. */
  conversationKey: string;
  emptyText: string;
  /** Show the sender's name on our side's messages (the inbox: which agent wrote it). */
  namesOnMine: boolean;
  /** How a message's text is shown differently (the inbox marks @mentions in notes). */
  decorateText?: (text: string, entry: ThreadEntry) => ComponentChildren | null;
  onRetry?(clientMessageId: string): void;
  onDiscard?(clientMessageId: string): void;
  nowMs?: number;
}

/**
 * The messages of one conversation, for the customer's chat and the agents' inbox. It follows new
 * messages while the reader is at the bottom — decided when they scroll, not when something is added,
 * so a thumbnail that loads later and makes the thread taller does not stop it following — and
 * otherwise offers a "new messages" button instead of jumping.
 */
export function Thread({ entries, conversationKey, emptyText, namesOnMine, decorateText, onRetry, onDiscard, nowMs = Date.now() }: ThreadProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  const lastKey = useRef<string | null>(null);
  const [unseen, setUnseen] = useState(0);
  const [viewing, setViewing] = useState<Attachment | null>(null);

  const lastTop = useRef(0);

  const toBottom = () => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    lastTop.current = element.scrollTop;
  };

  // Another conversation: start at its newest message and follow.
  useLayoutEffect(() => {
    following.current = true;
    lastKey.current = null;
    setUnseen(0);
  }, [conversationKey]);

  useLayoutEffect(() => {
    const last = entries[entries.length - 1];
    const previous = lastKey.current;
    lastKey.current = last?.key ?? null;
    if (!last || last.key === previous) {
      if (following.current) toBottom();
      return;
    }
    if (following.current || last.fromThisDevice || previous === null) {
      following.current = true;
      toBottom();
      setUnseen(0);
    } else {
      const before = previous === null ? -1 : entries.findIndex((entry) => entry.key === previous);
      setUnseen(entries.slice(before + 1).filter((entry) => !entry.fromThisDevice).length);
    }
  }, [entries, conversationKey]);

  // Thumbnails (and anything else) that make the thread taller after it was drawn.
  useEffect(() => {
    const element = list.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => {
      if (following.current) toBottom();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // An image that finished loading (load does not bubble, so listen while it goes down).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return undefined;
    const onLoad = () => {
      if (following.current) toBottom();
    };
    element.addEventListener('load', onLoad, true);
    return () => element.removeEventListener('load', onLoad, true);
  }, []);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    // Only the reader scrolling up stops the following: the event of our own scroll may arrive after
    // a picture made the thread taller, and then it is no longer near the bottom through no one's doing.
    if (nearBottom) following.current = true;
    else if (element.scrollTop < lastTop.current) following.current = false;
    lastTop.current = element.scrollTop;
    if (following.current) setUnseen(0);
  };

  const breaks = new Set(dayBreaks(entries.map((entry) => entry.timeMs)));
  return (
    <div class="thread-wrap">
      <div
        class="thread-scroller"
        id="thread-scroller"
        ref={scroller}
        onScroll={onScroll}
      >
        <ol id="thread" data-testid="thread" class="thread" {...({ role: 'log' } as Record<string, string>)} aria-live="polite" aria-label={tr('thread.label')} ref={list}>
          {entries.length === 0 ? (
            <li class="thread-empty" data-testid="thread-empty">
              {emptyText}
            </li>
          ) : (
            entries.flatMap((entry, index) => [
              breaks.has(index) ? (
                <li key={`day:${entry.key}`} class="day-separator" role="separator" data-testid="day-separator">
                  <span>{dayLabel(entry.timeMs, nowMs)}</span>
                </li>
              ) : null,
              <Message key={entry.key} entry={entry} namesOnMine={namesOnMine} decorateText={decorateText} onRetry={onRetry} onDiscard={onDiscard} onOpenImage={setViewing} />,
            ])
          )}
        </ol>
      </div>
      {unseen > 0 ? (
        <button
          type="button"
          class="new-messages"
          data-testid="new-messages"
          onClick={() => {
            following.current = true;
            toBottom();
            setUnseen(0);
          }}
        >
          {tr('thread.newMessages', { count: unseen })} ↓
        </button>
      ) : null}
      {viewing ? <ImageViewer attachment={viewing} onClose={() => setViewing(null)} /> : null}
    </div>
  );
}

interface MessageProps {
  entry: ThreadEntry;
  namesOnMine: boolean;
  decorateText?: ThreadProps['decorateText'];
  onRetry?(clientMessageId: string): void;
  onDiscard?(clientMessageId: string): void;
  onOpenImage(attachment: Attachment): void;
}

function Message({ entry, namesOnMine, decorateText, onRetry, onDiscard, onOpenImage }: MessageProps) {
  const undecryptable = entry.text === null;
  const text = undecryptable ? tr('thread.undecryptable') : entry.text!;
  const hasAttachment = !undecryptable && (entry.attachment || entry.attachmentName);
  const outbox = entry.outbox;
  const classes = ['message', entry.mine ? 'outgoing' : 'incoming'];
  if (entry.kind === 'note') classes.push('note');
  if (entry.kind === 'whisper') classes.push('note', 'whisper');
  if (entry.kind === 'feedback') classes.push('feedback');
  if (undecryptable) classes.push('undecryptable');
  if (entry.seq === null) classes.push('pending');
  if (outbox?.state === 'failed') classes.push('failed');
  if (outbox?.state === 'waiting') classes.push('waiting');
  if (hasAttachment) classes.push('has-attachment');
  const showName = entry.senderName && entry.mine && namesOnMine;
  const ticks = outbox?.state === 'waiting' ? 'sending' : entry.ticks;
  return (
    <li
      class={classes.join(' ')}
      data-testid="message"
      data-kind={entry.kind}
      data-mine={String(entry.mine)}
      data-key={entry.key}
      data-seq={entry.seq ?? undefined}
      data-this-device={entry.fromThisDevice ? 'true' : undefined}
      data-outbox={outbox?.state}
    >
      <div class="bubble">
        {entry.kind === 'note' ? (
          <div class="note-label" data-testid="note-label">
            {tr('thread.noteLabel')}
          </div>
        ) : null}
        {entry.kind === 'whisper' ? (
          <div class="note-label whisper-label" data-testid="whisper-label">
            {t('supervise:whisper.label', { name: entry.senderName ?? '' })}
          </div>
        ) : null}
        {entry.kind === 'feedback' ? (
          <div class="feedback-label" data-testid="feedback-label">
            {t('supervise:feedback.label')}
          </div>
        ) : null}
        {showName ? (
          <div class="sender" data-testid="message-sender">
            {entry.senderName}
          </div>
        ) : null}
        {hasAttachment ? <AttachmentView entry={entry} onOpenImage={onOpenImage} /> : null}
        {hasAttachment && text === '' ? null : (
          <div class="message-text" data-testid="message-text">
            {(!undecryptable && decorateText?.(text, entry)) || text}
          </div>
        )}
        <div class="message-meta">
          <time dateTime={new Date(entry.timeMs).toISOString()} title={formatDateTime(entry.timeMs)}>
            {formatTime(entry.timeMs)}
          </time>
          {ticks ? (
            <span class={`ticks ticks-${ticks}`} data-testid="ticks" data-state={ticks} title={tickLabel(ticks)} aria-label={tickLabel(ticks)}>
              {tickText(ticks)}
            </span>
          ) : null}
        </div>
        {outbox && outbox.state !== 'sending' ? (
          <div class={outbox.state === 'failed' ? 'send-error' : 'send-waiting'} role={outbox.state === 'failed' ? 'alert' : 'status'} data-testid={outbox.state === 'failed' ? 'send-error' : 'send-waiting'}>
            {outbox.state === 'failed' ? tr('thread.notSent', { reason: outbox.error ?? '' }) : tr('thread.waiting')}{' '}
            {onRetry ? (
              <button type="button" class="link-button" data-testid="retry-send" onClick={() => onRetry(outbox.clientMessageId)}>
                {outbox.state === 'failed' ? tr('thread.tryAgain') : tr('thread.retryNow')}
              </button>
            ) : null}
            {onDiscard && outbox.state === 'failed' ? (
              <button type="button" class="link-button" data-testid="discard-send" onClick={() => onDiscard(outbox.clientMessageId)}>
                {tr('thread.discard')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}

function AttachmentView({ entry, onOpenImage }: { entry: ThreadEntry; onOpenImage(attachment: Attachment): void }) {
  const stored = entry.attachment;
  if (!stored) {
    // In the outbox (or stored without its reference): the name and what the upload is doing.
    return (
      <div class="attachment" data-testid="attachment">
        <div class="attachment-info">
          <span class="attachment-name" data-testid="attachment-name">
            {entry.attachmentName}
          </span>
        </div>
        {entry.progress ? (
          <div class="attachment-progress muted small" data-testid="attachment-progress">
            {entry.progress}
          </div>
        ) : null}
      </div>
    );
  }
  return <StoredAttachment attachment={stored} onOpenImage={onOpenImage} />;
}

function StoredAttachment({ attachment, onOpenImage }: { attachment: Attachment; onOpenImage(attachment: Attachment): void }) {
  const [thumbnail, setThumbnail] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [downloading, setDownloading] = useState(false);
  useEffect(() => {
    let live = true;
    if (attachment.thumbnail) {
      void thumbnailUrl(attachment.thumbnail).then((url) => {
        if (!live) return;
        if (url) setThumbnail(url);
        else setFailed(true);
      });
    }
    return () => {
      live = false;
    };
  }, [attachment.thumbnail?.blobId]);
  const download = () => {
    if (downloading) return;
    setDownloading(true);
    setFailed(false);
    saveAttachment(attachment)
      .catch((failure) => {
        console.warn('attachment download failed', failure);
        setFailed(true);
      })
      .finally(() => setDownloading(false));
  };
  const name = attachment.name || tr('attachment.unnamed');
  const image = attachment.mime.startsWith('image/');
  return (
    <div class="attachment" data-testid="attachment" data-mime={attachment.mime}>
      {thumbnail ? (
        image ? (
          <button type="button" class="thumbnail-button" data-testid="open-image" aria-label={tr('attachment.open', { name })} onClick={() => onOpenImage(attachment)}>
            <img class="attachment-thumbnail" data-testid="attachment-thumbnail" alt={tr('attachment.preview', { name })} src={thumbnail} />
          </button>
        ) : (
          <img class="attachment-thumbnail" data-testid="attachment-thumbnail" alt={tr('attachment.preview', { name })} src={thumbnail} />
        )
      ) : null}
      <div class="attachment-info">
        <span class="attachment-name" data-testid="attachment-name">
          {name}
        </span>
        <span class="attachment-size muted small" data-testid="attachment-size">
          {formatSize(attachment.size)}
        </span>
        <button type="button" class="attachment-download" data-testid="attachment-download" aria-label={tr('attachment.downloadName', { name })} disabled={downloading} onClick={download}>
          {downloading ? tr('attachment.downloading') : tr('attachment.download')}
        </button>
      </div>
      {failed ? (
        <p class="error attachment-error" role="alert" data-testid="attachment-error">
          {tr('attachment.unreadable')}
        </p>
      ) : null}
    </div>
  );
}
