import { describe, expect, it } from 'vitest';
import { cannedPreview, cannedSuggestions, matchCannedReplies } from '../../src/lib/cannedReplies';
import { findMentions, matchPeople, mentionsPerson, mentionSuggestions, splitMentions } from '../../src/lib/mentions';
import { choosesSuggestion, moveSuggestion, replaceRange, tokenAt } from '../../src/lib/suggestions';

const REPLIES = [
  { shortcut: 'thanks', text: 'Thank you for your patience!' },
  { shortcut: 'hello', text: 'Hello! How can I help you today?' },
  { shortcut: 'refund', text: 'Your refund is on its way.' },
  { shortcut: 'shipping-eu', text: 'Shipping in the EU takes 3\u20135 days.' },
  { shortcut: 'eu-hours', text: 'We answer 9\u201318 CET.' },
];

describe('suggestion keys', () => {
  it('moves with the arrows, wrapping round, and Home/End', () => {
    expect(moveSuggestion(0, 'ArrowDown', 3)).toBe(1);
    expect(moveSuggestion(2, 'ArrowDown', 3)).toBe(0);
    expect(moveSuggestion(0, 'ArrowUp', 3)).toBe(2);
    expect(moveSuggestion(1, 'Home', 3)).toBe(0);
    expect(moveSuggestion(0, 'End', 3)).toBe(2);
    expect(moveSuggestion(0, 'a', 3)).toBeNull();
    expect(moveSuggestion(0, 'ArrowDown', 0)).toBeNull();
  });

  it('takes the highlighted one with Enter or Tab', () => {
    expect(choosesSuggestion('Enter')).toBe(true);
    expect(choosesSuggestion('Tab')).toBe(true);
    expect(choosesSuggestion('Escape')).toBe(false);
  });
});

describe('tokens at the caret', () => {
  const SLUG = /^[a-z0-9_-]*$/i;
  it('finds a trigger at the start of the text or of a word', () => {
    expect(tokenAt('/ref', 4, '/', SLUG)).toEqual({ start: 0, query: 'ref' });
    expect(tokenAt('hi /ref', 7, '/', SLUG)).toEqual({ start: 3, query: 'ref' });
    expect(tokenAt('line\n/', 6, '/', SLUG)).toEqual({ start: 5, query: '' });
  });

  it('ignores a trigger inside a word, past the caret, or followed by other characters', () => {
    expect(tokenAt('and/or', 6, '/', SLUG)).toBeNull();
    expect(tokenAt('see https://x', 13, '/', SLUG)).toBeNull();
    expect(tokenAt('/ref later', 10, '/', SLUG)).toBeNull();
    expect(tokenAt('no trigger', 10, '/', SLUG)).toBeNull();
  });

  it('replaces the token and puts the caret after the insertion', () => {
    expect(replaceRange('hi /ref!', 3, 7, 'Refunded')).toEqual({ text: 'hi Refunded!', caret: 11 });
  });
});

describe('canned replies', () => {
  it('matches shortcuts that start with the query first, then those containing it', () => {
    expect(matchCannedReplies(REPLIES, 'eu').map((reply) => reply.shortcut)).toEqual(['eu-hours', 'shipping-eu']);
    expect(matchCannedReplies(REPLIES, 'RE').map((reply) => reply.shortcut)).toEqual(['refund']);
    expect(matchCannedReplies(REPLIES, '').map((reply) => reply.shortcut)).toEqual(['eu-hours', 'hello', 'refund', 'shipping-eu', 'thanks']);
    expect(matchCannedReplies(REPLIES, 'zzz')).toEqual([]);
  });

  it('offers them after "/" and inserts the text in place of "/shortcut"', () => {
    const text = 'Hi Maria, /ref';
    const set = cannedSuggestions(REPLIES, text, text.length)!;
    expect(set.kind).toBe('canned');
    expect(set.items.map((item) => item.label)).toEqual(['/refund']);
    expect(set.apply(0)).toEqual({ text: 'Hi Maria, Your refund is on its way.', caret: 36 });
  });

  it('keeps what follows the caret', () => {
    const set = cannedSuggestions(REPLIES, '/th and more', 3)!;
    expect(set.apply(0).text).toBe('Thank you for your patience! and more');
  });

  it('offers nothing without a "/" word, without replies, or without a match', () => {
    expect(cannedSuggestions(REPLIES, 'hello', 5)).toBeNull();
    expect(cannedSuggestions([], '/', 1)).toBeNull();
    expect(cannedSuggestions(REPLIES, '/nothing', 8)).toBeNull();
  });

  it('shows one line of each reply', () => {
    expect(cannedPreview('one\n two')).toBe('one two');
    expect(cannedPreview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}\u2026`);
  });
});

describe('mentions', () => {
  const TEAM = ['Ana', 'Ana Maria', 'Bruno Costa', 'Carla'];

  it('finds known names after "@", the longest first, at word boundaries', () => {
    expect(findMentions('ping @Ana Maria and @bruno costa', TEAM)).toEqual([
      { start: 5, end: 15, name: 'Ana Maria' },
      { start: 20, end: 32, name: 'Bruno Costa' },
    ]);
    expect(findMentions('@Anabel is not Ana', TEAM)).toEqual([]);
    expect(findMentions('mail ana@example.com', TEAM)).toEqual([]);
    expect(findMentions('@Ana, look', TEAM)).toEqual([{ start: 0, end: 4, name: 'Ana' }]);
  });

  it('knows whether a note mentions a person', () => {
    expect(mentionsPerson('@Carla can you check?', 'Carla')).toBe(true);
    expect(mentionsPerson('Carla can you check?', 'Carla')).toBe(false);
    expect(mentionsPerson('@Ana Maria please', 'Ana', TEAM)).toBe(false);
    expect(mentionsPerson('@Ana please', 'Ana', TEAM)).toBe(true);
    expect(mentionsPerson(null, 'Ana')).toBe(false);
    expect(mentionsPerson('@ hello', '')).toBe(false);
  });

  it('splits text for highlighting', () => {
    expect(splitMentions('hi @Carla!', TEAM)).toEqual([{ text: 'hi ' }, { text: '@Carla', mention: 'Carla' }, { text: '!' }]);
    expect(splitMentions('plain', TEAM)).toEqual([{ text: 'plain' }]);
  });

  it('suggests teammates whose name or a word of it starts with the query', () => {
    expect(matchPeople(TEAM, 'an')).toEqual(['Ana', 'Ana Maria']);
    expect(matchPeople(TEAM, 'cos')).toEqual(['Bruno Costa']);
    expect(matchPeople(TEAM, '')).toEqual(['Ana', 'Ana Maria', 'Bruno Costa', 'Carla']);
  });

  it('inserts "@Person Name " in place of what was typed', () => {
    const text = 'thanks @bru';
    const set = mentionSuggestions(TEAM, text, text.length)!;
    expect(set.kind).toBe('mention');
    expect(set.items.map((item) => item.label)).toEqual(['Bruno Costa']);
    expect(set.apply(0)).toEqual({ text: 'thanks @Bruno Costa ', caret: 20 });
  });

  it('follows a name with spaces while it still matches someone', () => {
    expect(mentionSuggestions(TEAM, '@Ana M', 6)!.items.map((item) => item.label)).toEqual(['Ana Maria']);
    expect(mentionSuggestions(TEAM, '@Ana xyz', 8)).toBeNull();
  });

  it('does not add a second space', () => {
    expect(mentionSuggestions(TEAM, '@car is here', 4)!.apply(0).text).toBe('@Carla is here');
  });
});
