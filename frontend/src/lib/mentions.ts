import { replaceRange, tokenAt, type SuggestionSet } from './suggestions';

/**
 * @mentions in private notes. A mention is plain text "@Person Name" inside the note (the
 * encrypted content schema stays as it is, §13.3); readers find the names of teammates in it.
 */

export interface Mention {
  start: number;
  /** Exclusive. */
  end: number;
  /** The teammate's name as known here (its case may differ from the text's). */
  name: string;
}

function isWordChar(char: string): boolean {
  return /[\p{L}\p{N}_]/u.test(char);
}

/**
 * Every "@Name" of a known name in the text. Names are matched case-insensitively, the longest
 * one wins ("@Ana Maria" over "@Ana"), and a name must end at a word boundary ("@Anabel" is not Ana).
 */
export function findMentions(text: string, names: readonly string[]): Mention[] {
  const candidates = [...new Set(names.map((name) => name.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  const lower = text.toLowerCase();
  const found: Mention[] = [];
  for (let at = lower.indexOf('@'); at >= 0; at = lower.indexOf('@', at + 1)) {
    if (at > 0 && isWordChar(text.charAt(at - 1))) continue;
    for (const name of candidates) {
      const end = at + 1 + name.length;
      if (lower.slice(at + 1, end) !== name.toLowerCase()) continue;
      if (end < text.length && isWordChar(text.charAt(end))) continue;
      found.push({ start: at, end, name });
      at = end - 1;
      break;
    }
  }
  return found;
}

export function mentionsPerson(text: string | null, person: string, others: readonly string[] = []): boolean {
  if (!text || !person.trim()) return false;
  // The other names take part so that "@Ana Maria" does not count as a mention of Ana.
  return findMentions(text, [person, ...others]).some((mention) => mention.name.toLowerCase() === person.trim().toLowerCase());
}

/** Text split into plain parts and mentions, for highlighting. */
export type TextPart = { text: string; mention?: string };

export function splitMentions(text: string, names: readonly string[]): TextPart[] {
  const parts: TextPart[] = [];
  let position = 0;
  for (const mention of findMentions(text, names)) {
    if (mention.start > position) parts.push({ text: text.slice(position, mention.start) });
    parts.push({ text: text.slice(mention.start, mention.end), mention: mention.name });
    position = mention.end;
  }
  if (position < text.length) parts.push({ text: text.slice(position) });
  return parts;
}

/** Teammates whose name (or a word of it) starts with the query, those matching the whole name first. */
export function matchPeople(people: readonly string[], query: string, limit = 8): string[] {
  const q = query.toLowerCase();
  const unique = [...new Set(people.filter((person) => person.trim() !== ''))];
  const starts = unique.filter((person) => person.toLowerCase().startsWith(q));
  const words = unique.filter((person) => !starts.includes(person) && person.toLowerCase().split(/\s+/).some((word) => word.startsWith(q)));
  return [...starts.sort(), ...words.sort()].slice(0, limit);
}

// Names may hold spaces, so the query may too; a line break ends it.
const MENTION_QUERY = /^[^\n@]*$/;

/** The suggestions for an "@…" being typed at the caret, or null. */
export function mentionSuggestions(people: readonly string[], text: string, caret: number): SuggestionSet | null {
  const token = tokenAt(text, caret, '@', MENTION_QUERY, 40);
  if (!token) return null;
  const matches = matchPeople(people, token.query);
  if (matches.length === 0) return null;
  return {
    kind: 'mention',
    start: token.start,
    title: `${matches.length} ${matches.length === 1 ? 'teammate' : 'teammates'}`,
    items: matches.map((person) => ({ key: person, label: person })),
    apply: (index) => {
      // A space after the name, unless one follows already, so typing can go on.
      const next = text.charAt(caret);
      return replaceRange(text, token.start, caret, `@${matches[index]!}${next === ' ' ? '' : ' '}`);
    },
  };
}
