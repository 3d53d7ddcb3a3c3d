import { useEffect, useRef } from 'preact/hooks';
import { translator } from '../i18n';
import { availableActions } from '../lib/inboxLogic';
import { visibleConversations } from './Sidebar';
import type { InboxStore } from './store';

const tr = translator('inbox');

/** The keys, in the order the help lists them. Letters work when no text field has the focus. */
export const SHORTCUTS = [
  { keys: ['j'], action: 'next' },
  { keys: ['k'], action: 'previous' },
  { keys: ['r'], action: 'reply' },
  { keys: ['n'], action: 'note' },
  { keys: ['e'], action: 'resolve' },
  { keys: ['/'], action: 'search' },
  { keys: ['Escape'], action: 'close' },
  { keys: ['?'], action: 'help' },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/** Which shortcut a key press means, or null (typing in a field, or a modifier held). */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, typing: boolean): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (typing) return null;
  return SHORTCUTS.find((shortcut) => (shortcut.keys as readonly string[]).includes(event.key))?.action ?? null;
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/** Keyboard shortcuts for the common actions, and the "?" overlay that lists them. */
export function Shortcuts({ store, composerInput }: { store: InboxStore; composerInput: { current: HTMLTextAreaElement | null } }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = store.showShortcuts.value;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]') && event.key !== '?') return;
      const action = shortcutFor(event, isTyping(event.target));
      if (!action) return;
      const run = (): boolean => {
        switch (action) {
          case 'next':
          case 'previous': {
            const id = store.nextConversation(visibleConversations(store), action === 'next' ? 1 : -1);
            if (id) void store.select(id);
            return id !== null;
          }
          case 'reply':
          case 'note':
            store.note.value = action === 'note';
            composerInput.current?.focus();
            return true;
          case 'resolve': {
            const state = store.selectedState.value;
            if (!state || !availableActions(state, store.me.value.myDeviceId, store.me.value.supervisor).includes('resolve')) return false;
            void store.runAction('resolve');
            return true;
          }
          case 'search':
            document.getElementById('search-input')?.focus();
            return true;
          case 'help':
            store.showShortcuts.value = !store.showShortcuts.value;
            return true;
          case 'close':
            if (store.selected.value === null) return false;
            void store.select(null);
            return true;
        }
      };
      if (run()) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    } else if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} class="dialog shortcuts-help" data-testid="shortcuts-help" aria-labelledby="shortcuts-title" onClose={() => (store.showShortcuts.value = false)}>
      <h2 id="shortcuts-title">{tr('shortcuts.title')}</h2>
      <dl class="shortcut-list">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.action} class="shortcut">
            <dt>
              {shortcut.keys.map((key) => (
                <kbd key={key}>{key === 'Escape' ? 'Esc' : key}</kbd>
              ))}
            </dt>
            <dd>{tr(`shortcuts.${shortcut.action}`)}</dd>
          </div>
        ))}
      </dl>
      <div class="row">
        <button type="button" data-testid="shortcuts-close" onClick={() => (store.showShortcuts.value = false)}>
          {tr('close')}
        </button>
      </div>
    </dialog>
  );
}
