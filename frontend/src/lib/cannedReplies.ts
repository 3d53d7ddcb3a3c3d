import type { CannedReply } from './routingTypes';
import { replaceRange, tokenAt, type SuggestionSet } from './suggestions';

/**
 * Canned replies (§14.3 GET /api/canned-replies): typing "/" at the start of a word offers the
 * replies whose shortcut matches what follows; choosing one puts its text in place of "/shortcut".
 */

/** Characters a shortcut is made of (§14.3: [a-z0-9][a-z0-9_-]{0,31}). */
const SHORTCUT_QUERY = /^[a-z0-9_-]*$/i;

/** Shortcuts that start with the query first, then those that contain it; each group by shortcut. */
export function matchCannedReplies(replies: readonly CannedReply[], query: string, limit = 8): CannedReply[] {
  const q = query.toLowerCase();
  const starts: CannedReply[] = [];
  const contains: CannedReply[] = [];
  for (const reply of replies) {
    const shortcut = reply.shortcut.toLowerCase();
    if (shortcut.startsWith(q)) starts.push(reply);
    else if (q !== '' && shortcut.includes(q)) contains.push(reply);
  }
  const byShortcut = (a: CannedReply, b: CannedReply) => (a.shortcut < b.shortcut ? -1 : a.shortcut > b.shortcut ? 1 : 0);
  return [...starts.sort(byShortcut), ...contains.sort(byShortcut)].slice(0, limit);
}

/** One line of a reply for the list. */
export function cannedPreview(text: string, maxLength = 70): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}\u2026` : line;
}

/** The suggestions for the text at the caret, or null when no "/shortcut" is being typed. */
export function cannedSuggestions(replies: readonly CannedReply[], text: string, caret: number): SuggestionSet | null {
  if (replies.length === 0) return null;
  const token = tokenAt(text, caret, '/', SHORTCUT_QUERY, 32);
  if (!token) return null;
  const matches = matchCannedReplies(replies, token.query);
  if (matches.length === 0) return null;
  return {
    kind: 'canned',
    start: token.start,
    title: `${matches.length} canned ${matches.length === 1 ? 'reply' : 'replies'}`,
    items: matches.map((reply) => ({ key: reply.shortcut, label: `/${reply.shortcut}`, detail: cannedPreview(reply.text) })),
    apply: (index) => replaceRange(text, token.start, caret, matches[index]!.text),
  };
}
