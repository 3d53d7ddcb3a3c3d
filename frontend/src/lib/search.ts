import type { LocalMessage } from './messageStore';

/**
 * Search over the decrypted messages kept on this device (the server never sees content, so it
 * cannot search). Case-insensitive substring over the text (captions and notes included) and the
 * names of attachments.
 */

export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase();
}

/** Does a stored message match? `query` is already normalized; undecryptable messages never do. */
export function messageMatches(message: Pick<LocalMessage, 'text' | 'attachmentName' | 'status'>, query: string): boolean {
  if (query === '' || message.status === 'undecryptable') return false;
  if (message.text && message.text.toLowerCase().includes(query)) return true;
  return !!message.attachmentName && message.attachmentName.toLowerCase().includes(query);
}

export interface Snippet {
  before: string;
  match: string;
  after: string;
}

/**
 * A window of the text around the first match, on one line, with the match apart so the page can
 * highlight it; "…" where the text was cut.
 */
export function snippetOf(text: string, query: string, radius = 40): Snippet | null {
  const line = text.replace(/\s+/g, ' ');
  const at = line.toLowerCase().indexOf(query);
  if (query === '' || at < 0) return null;
  const from = Math.max(0, at - radius);
  const to = Math.min(line.length, at + query.length + radius);
  return {
    before: (from > 0 ? '\u2026' : '') + line.slice(from, at),
    match: line.slice(at, at + query.length),
    after: line.slice(at + query.length, to) + (to < line.length ? '\u2026' : ''),
  };
}

export interface SearchResult {
  conversation: string;
  /** The newest matching message of the conversation. */
  message: LocalMessage;
  /** How many messages of the conversation match. */
  count: number;
  snippet: Snippet;
}

/** One result per conversation, the one with the newest match first. */
export function groupResults(messages: readonly LocalMessage[], query: string, limit = 50): SearchResult[] {
  const byConversation = new Map<string, SearchResult>();
  for (const message of messages) {
    if (!messageMatches(message, query)) continue;
    const snippet = (message.text ? snippetOf(message.text, query) : null) ?? snippetOf(message.attachmentName ?? '', query);
    if (!snippet) continue;
    const known = byConversation.get(message.conversation);
    if (!known) {
      byConversation.set(message.conversation, { conversation: message.conversation, message, count: 1, snippet });
      continue;
    }
    known.count++;
    if (message.seq > known.message.seq) {
      known.message = message;
      known.snippet = snippet;
    }
  }
  return [...byConversation.values()].sort((a, b) => b.message.seq - a.message.seq).slice(0, limit);
}
