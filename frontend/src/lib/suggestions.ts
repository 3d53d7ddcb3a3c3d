/**
 * The composer's suggestion list (canned replies after "/", teammates after "@"): what it offers and
 * how the keyboard moves through it. The component is src/components/Composer.tsx.
 */

export interface SuggestionItem {
  /** Stable key (also part of the option's element id). */
  key: string;
  label: string;
  /** A second, muted line (the reply's text, the agent's device). */
  detail?: string;
}

/** The text after choosing an item, and where the caret goes. */
export interface Insertion {
  text: string;
  caret: number;
}

export interface SuggestionSet {
  kind: 'canned' | 'mention';
  /** Where the token being completed starts (so Escape can dismiss just this one). */
  start: number;
  items: SuggestionItem[];
  apply(index: number): Insertion;
  /** Announced to screen readers, e.g. "3 canned replies". */
  title: string;
}

/** The index after ↑/↓ (wrapping round), or null for keys the list does not handle. */
export function moveSuggestion(current: number, key: string, count: number): number | null {
  if (count <= 0) return null;
  if (key === 'ArrowDown') return (current + 1) % count;
  if (key === 'ArrowUp') return (current - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/** Keys that take the highlighted suggestion. */
export function choosesSuggestion(key: string): boolean {
  return key === 'Enter' || key === 'Tab';
}

/**
 * The word being typed at the caret when it starts with `trigger` at the start of the text or
 * after white space; null otherwise. `allowed` says which characters may follow the trigger.
 */
export function tokenAt(text: string, caret: number, trigger: string, allowed: RegExp, maxLength = 40): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf(trigger);
  if (start < 0) return null;
  if (start > 0 && !/\s/.test(before.charAt(start - 1))) return null;
  const query = before.slice(start + trigger.length);
  if (query.length > maxLength || !allowed.test(query)) return null;
  return { start, query };
}

/** Replaces text[start, caret) with `replacement` and puts the caret after it. */
export function replaceRange(text: string, start: number, caret: number, replacement: string): Insertion {
  return { text: text.slice(0, start) + replacement + text.slice(caret), caret: start + replacement.length };
}
