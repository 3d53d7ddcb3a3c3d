// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Composer } from '../../src/components/Composer';
import { cannedSuggestions } from '../../src/lib/cannedReplies';
import { mentionSuggestions } from '../../src/lib/mentions';

const REPLIES = [
  { shortcut: 'hello', text: 'Hello! How can I help?' },
  { shortcut: 'help', text: 'Here is our help page.' },
];

function setup(options: { onTyping?: (text: string) => void; warning?: string | null; note?: boolean; onSend?: (text: string) => void } = {}) {
  const sent: Array<{ text: string; note: boolean }> = [];
  const props = {
    placeholder: 'Reply',
    enabled: true,
    allowNotes: true,
    note: options.note ?? false,
    onSend: (text: string, note: boolean) => {
      options.onSend?.(text);
      sent.push({ text, note });
    },
    suggest: (text: string, caret: number, note: boolean) => cannedSuggestions(REPLIES, text, caret) ?? (note ? mentionSuggestions(['Bruno Costa', 'Carla'], text, caret) : null),
    onTyping: options.onTyping,
    warning: options.warning ?? null,
    warningTestId: 'assignee-warning',
  };
  const view = render(<Composer {...props} />);
  const input = view.getByTestId('composer-input') as HTMLTextAreaElement;
  const list = () => view.getByTestId('composer-suggestions');
  const type = (text: string) => {
    input.focus();
    input.value = text;
    input.setSelectionRange(text.length, text.length);
    fireEvent.input(input);
  };
  const key = (name: string, extra: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...extra });
    input.dispatchEvent(event);
    return event;
  };
  const options_ = () => [...list().querySelectorAll<HTMLElement>('[role="option"]')];
  return { view, input, list, type, key, options: options_, sent, props };
}

afterEach(cleanup);

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Composer suggestions', () => {
  it('opens a list after "/" and inserts the highlighted reply with Enter instead of sending', async () => {
    const { input, list, type, key, options, sent } = setup();
    type('/he');
    await settle();
    expect(list().hidden).toBe(false);
    expect(options().map((option) => option.textContent)).toEqual(['/helloHello! How can I help?', '/helpHere is our help page.']);
    expect(input.getAttribute('aria-activedescendant')).toBe('composer-suggestion-0');
    key('ArrowDown');
    await settle();
    expect(options()[1]!.getAttribute('aria-selected')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe('composer-suggestion-1');
    const enter = key('Enter');
    await settle();
    expect(enter.defaultPrevented).toBe(true);
    expect(input.value).toBe('Here is our help page.');
    expect(list().hidden).toBe(true);
    expect(sent).toEqual([]);
  });

  it('takes a reply with Tab and wraps round with ArrowUp', async () => {
    const { input, type, key } = setup();
    type('/he');
    await settle();
    key('ArrowUp');
    await settle();
    key('Tab');
    await settle();
    expect(input.value).toBe('Here is our help page.');
  });

  it('closes with Escape without letting the key through, and stays closed for that word', async () => {
    const { list, type, key } = setup();
    type('/he');
    await settle();
    let reachedPage = false;
    document.body.addEventListener('keydown', () => {
      reachedPage = true;
    });
    const escape = key('Escape');
    await settle();
    expect(escape.defaultPrevented).toBe(true);
    expect(reachedPage).toBe(false);
    expect(list().hidden).toBe(true);
    type('/hel');
    await settle();
    expect(list().hidden).toBe(true);
    type('/hel and /he');
    await settle();
    expect(list().hidden).toBe(false);
  });

  it('sends with Enter when no list is open, and empties the box at once', async () => {
    const { input, type, key, sent } = setup();
    type('hello there');
    key('Enter');
    await settle();
    expect(sent).toEqual([{ text: 'hello there', note: false }]);
    expect(input.value).toBe('');
  });

  it('keeps the text and shows why when the page refuses it (a lone "/shortcut" with no reply)', async () => {
    const { view, input, type, key } = setup({
      onSend: () => {
        throw new Error('There is no canned reply “/ho”');
      },
    });
    type('/ho');
    key('Enter');
    await settle();
    expect(input.value).toBe('/ho');
    expect(view.getByTestId('composer-error').textContent).toContain('/ho');
  });

  it('offers teammates after "@" in notes only', async () => {
    const reply = setup();
    reply.type('@bru');
    await settle();
    expect(reply.list().hidden).toBe(true);
    reply.view.unmount();
    const { input, list, type, key } = setup({ note: true });
    type('ask @bru');
    await settle();
    expect(list().hidden).toBe(false);
    key('Enter');
    await settle();
    expect(input.value).toBe('ask @Bruno Costa ');
  });

  it('tells the page about typing', async () => {
    const typed: string[] = [];
    const { type } = setup({ onTyping: (text) => typed.push(text) });
    type('h');
    type('hi');
    expect(typed).toEqual(['h', 'hi']);
  });

  it('shows the warning above the box only when there is one', () => {
    const hidden = setup();
    expect(hidden.view.getByTestId('assignee-warning').hidden).toBe(true);
    hidden.view.unmount();
    const { view } = setup({ warning: 'Alex is assigned to this conversation' });
    expect(view.getByTestId('assignee-warning').hidden).toBe(false);
    expect(view.getByTestId('assignee-warning').textContent).toBe('Alex is assigned to this conversation');
  });
});

describe('Composer attachments', () => {
  it('shows a chosen file with a caption step before sending it', async () => {
    const attached: Array<{ name: string; caption: string }> = [];
    const view = render(<Composer placeholder="Message" enabled onSend={() => undefined} onAttach={(file, caption) => attached.push({ name: file.name, caption })} />);
    const input = view.getByTestId('composer-input') as HTMLTextAreaElement;
    const file = new File([new Uint8Array([1, 2, 3])], 'parcel.png', { type: 'image/png' });
    const picker = view.getByTestId('attach-input') as HTMLInputElement;
    Object.defineProperty(picker, 'files', { value: [file], configurable: true });
    fireEvent.change(picker);
    await settle();
    expect(view.getByTestId('attachment-preview-name').textContent).toBe('parcel.png');
    expect(attached).toEqual([]);
    input.value = 'the parcel';
    fireEvent.input(input);
    fireEvent.click(view.getByTestId('send-button'));
    await settle();
    expect(attached).toEqual([{ name: 'parcel.png', caption: 'the parcel' }]);
    expect(view.queryByTestId('attachment-preview')).toBeNull();
  });
});
