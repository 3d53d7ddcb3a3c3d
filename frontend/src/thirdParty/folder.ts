import { signal } from '@preact/signals';
import { t } from '../i18n';
import { errorMessage } from '../lib/api';
import type { ConversationRouting } from '../lib/routingTypes';
import { onSettingsChange } from '../lib/settingsChanges';

/**
 * Where the inbox shows third-party chats (docs/protocol.md §16): among the others ("main", the default) or in a
 * section of their own ("separate"). An account setting: owners and admins change it, every business device
 * follows it live (the server announces `{type:'settings', changed:'third-party-folder'}`).
 */
export type ThirdPartyFolder = 'main' | 'separate';

export interface FolderDeps {
  http: {
    get<T>(path: string): Promise<T>;
    put<T>(path: string, body: unknown): Promise<T>;
  };
}

/** The conversations of one view split for the folder setting: with "main" the section stays empty. */
export function splitByFolder<T extends Pick<ConversationRouting, 'source'>>(items: readonly T[], folder: ThirdPartyFolder): { main: T[]; thirdParty: T[] } {
  if (folder === 'main') return { main: [...items], thirdParty: [] };
  return { main: items.filter((item) => !item.source), thirdParty: items.filter((item) => !!item.source) };
}

export function createFolderStore(deps: FolderDeps) {
  const folder = signal<ThirdPartyFolder>('main');
  const error = signal<string | null>(null);
  const status = signal<string | null>(null);
  const busy = signal(false);
  /** Whether the setting was read once: until then a choice shown could be the wrong one. */
  const loaded = signal(false);
  // A read that started before this page's own change must not undo it on screen.
  let changes = 0;

  async function load(): Promise<void> {
    const before = changes;
    try {
      const answer = await deps.http.get<{ folder: ThirdPartyFolder }>('/api/federation/folder');
      if (before !== changes) return;
      folder.value = answer.folder === 'separate' ? 'separate' : 'main';
      loaded.value = true;
      error.value = null;
    } catch (failure) {
      // Without the setting the chats stay in the main list, where nothing is hidden.
      error.value = t('thirdPartyChats:folder.loadFailed', { error: errorMessage(failure) });
    }
  }

  /** Reads the setting again whenever an admin changes it, here or on another device; returns the unsubscribe. */
  function follow(): () => void {
    return onSettingsChange('third-party-folder', () => void load());
  }

  async function set(wanted: ThirdPartyFolder): Promise<boolean> {
    const before = folder.value;
    changes++;
    folder.value = wanted;
    busy.value = true;
    try {
      await deps.http.put('/api/federation/folder', { folder: wanted });
      error.value = null;
      status.value = t(wanted === 'separate' ? 'thirdPartyChats:folder.savedSeparate' : 'thirdPartyChats:folder.savedMain');
      return true;
    } catch (failure) {
      folder.value = before;
      error.value = errorMessage(failure);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { folder, loaded, error, status, busy, load, follow, set };
}

export type FolderStore = ReturnType<typeof createFolderStore>;
