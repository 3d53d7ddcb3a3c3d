// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { cannedSuggestions } from '../../src/lib/cannedReplies';
import { mentionSuggestions } from '../../src/lib/mentions';
import { createComposer, renderThread, type ThreadEntry } from '../../src/lib/threadView';

const REPLIES = [
  { shortcut: 'hello', text: 'Hello! How can I help?' },
  { shortcut: 'help', text: 'Here is our help page.' },
];

function setup(options: { onTyping?: (text: string) => void } = {}) {
  const sent: Array<{ text: string; note: boolean }> = [];
  const composer = createComposer({
    placeholder: 'Reply',
    allowNotes: true,
    onSend: async (text, note) => {
      sent.push({ text, note });
    },
    suggest: (text, caret, note) => cannedSuggestions(REPLIES, text, caret) ?? (note ? mentionSuggestions(['Bruno Costa', 'Carla'], text, caret) : null),
    onTyping: options.onTyping,
    warningTestId: 'assignee-warning',
  });
  document.body.replaceChildren(composer.element);
  const input = composer.input;
  const list = composer.element.querySelector<HTMLElement>('[data-testid="composer-suggestions"]')!;
  const type = (text: string) => {
    input.focus();
    input.value = text;
    input.setSelectionRange(text.length, text.length);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const key = (name: string, extra: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...extra });
    input.dispatchEvent(event);
    return event;
  };
  const options_ = () => [...list.querySelectorAll<HTMLElement>('[role="option"]')];
  return { composer, input, list, type, key, options: options_, sent };
}

describe('composer suggestions', () => {
  it('opens a list after "/" and inserts the highlighted reply with Enter instead of sending', () => {
    const { input, list, type, key, options, sent } = setup();
    type('/he');
    expect(list.hidden).toBe(false);
    expect(options().map((option) => option.textContent)).toEqual(['/helloHello! How can I help?', '/helpHere is our help page.']);
    expect(input.getAttribute('aria-activedescendant')).toBe('composer-suggestion-0');
    key('ArrowDown');
    expect(options()[1]!.getAttribute('aria-selected')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe('composer-suggestion-1');
    const enter = key('Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(input.value).toBe('Here is our help page.');
    expect(list.hidden).toBe(true);
    expect(sent).toEqual([]);
  });

  it('takes a reply with Tab and wraps round with ArrowUp', () => {
    const { input, type, key } = setup();
    type('/he');
    key('ArrowUp');
    key('Tab');
    expect(input.value).toBe('Here is our help page.');
  });

  it('closes with Escape without letting the key through, and stays closed for that word', () => {
    const { list, type, key } = setup();
    type('/he');
    let reachedPage = false;
    document.body.addEventListener('keydown', () => {
      reachedPage = true;
    });
    const escape = key('Escape');
    expect(escape.defaultPrevented).toBe(true);
    expect(reachedPage).toBe(false);
    expect(list.hidden).toBe(true);
    type('/hel');
    expect(list.hidden).toBe(true);
    type('/hel and /he');
    expect(list.hidden).toBe(false);
  });

  it('sends with Enter when no list is open', async () => {
    const { type, key, sent } = setup();
    type('hello there');
    key('Enter');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([{ text: 'hello there', note: false }]);
  });

  it('offers teammates after "@" in notes only', () => {
    const { composer, input, list, type, key } = setup();
    type('@bru');
    expect(list.hidden).toBe(true);
    const toggle = composer.element.querySelector<HTMLInputElement>('[data-testid="note-toggle"]')!;
    toggle.checked = true;
    toggle.dispatchEvent(new Event('change'));
    type('ask @bru');
    expect(list.hidden).toBe(false);
    key('Enter');
    expect(input.value).toBe('ask @Bruno Costa ');
  });

  it('tells the page about typing', () => {
    const typed: string[] = [];
    const { type } = setup({ onTyping: (text) => typed.push(text) });
    type('h');
    type('hi');
    expect(typed).toEqual(['h', 'hi']);
  });

  it('shows and hides the warning above the box', () => {
    const { composer } = setup();
    const warning = composer.element.querySelector<HTMLElement>('[data-testid="assignee-warning"]')!;
    expect(warning.hidden).toBe(true);
    composer.setWarning('Alex is assigned to this conversation');
    expect(warning.hidden).toBe(false);
    expect(warning.textContent).toBe('Alex is assigned to this conversation');
    composer.setWarning(null);
    expect(warning.hidden).toBe(true);
  });
});

describe('renderThread text decoration', () => {
  it('lets the page mark up a message\u2019s text, as text nodes and elements only', () => {
    const list = document.createElement('ol');
    const entry: ThreadEntry = { key: 'seq:1', seq: 1, kind: 'note', mine: false, fromThisDevice: false, senderName: 'Bruno', text: 'hi @Carla <b>', timeMs: Date.now(), ticks: null };
    renderThread(list, [entry], {
      emptyText: '',
      namesOnMine: true,
      showSenderNames: false,
      decorateText: (text) => {
        const mark = document.createElement('mark');
        mark.textContent = '@Carla';
        return [text.slice(0, 3), mark, text.slice(9)];
      },
    });
    const body = list.querySelector('[data-testid="message-text"]')!;
    expect(body.querySelector('mark')!.textContent).toBe('@Carla');
    expect(body.textContent).toBe('hi @Carla <b>');
    expect(body.querySelector('b')).toBeNull();
  });
});
