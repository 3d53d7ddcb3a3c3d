import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import { announceSettingsChange } from '../../src/lib/settingsChanges';
import { createFolderStore, splitByFolder, type ThirdPartyFolder } from '../../src/thirdParty/folder';

/** GET/PUT /api/federation/folder in memory; `refuse` answers a PUT like the server does for an agent. */
function fakeServer(options: { refuse?: boolean } = {}) {
  const state = { folder: 'main' as ThirdPartyFolder, gets: 0 };
  const http = {
    async get<T>(): Promise<T> {
      state.gets++;
      return { folder: state.folder } as T;
    },
    async put<T>(_path: string, body: unknown): Promise<T> {
      if (options.refuse) throw new ApiError(403, 'role_required', 'Your role does not allow this.');
      state.folder = (body as { folder: ThirdPartyFolder }).folder;
      return { folder: state.folder } as T;
    },
  };
  return { state, http };
}

describe('the third-party folder setting', () => {
  const chats = [{ id: 'local', source: null }, { id: 'remote', source: 'a.example' }, { id: 'older', source: undefined }];

  it('keeps every chat in the main list when off, and moves the chats with a source to the section when on', () => {
    expect(splitByFolder(chats, 'main')).toEqual({ main: chats, thirdParty: [] });
    expect(splitByFolder(chats, 'separate')).toEqual({ main: [chats[0], chats[2]], thirdParty: [chats[1]] });
  });

  it('reads the setting again when the server announces a change', async () => {
    const server = fakeServer();
    const store = createFolderStore({ http: server.http });
    const stop = store.follow();
    await store.load();
    expect(store.folder.value).toBe('main');
    server.state.folder = 'separate';
    announceSettingsChange('third-party-folder');
    await Promise.resolve();
    await Promise.resolve();
    expect(store.folder.value).toBe('separate');
    stop();
  });

  it('keeps a change made while an earlier read was still on its way', async () => {
    const server = fakeServer();
    let answer: (value: unknown) => void = () => undefined;
    const store = createFolderStore({
      http: { get: <T,>() => new Promise<T>((resolve) => (answer = resolve as (value: unknown) => void)), put: server.http.put },
    });
    const reading = store.load();
    expect(store.loaded.value).toBe(false);
    await store.set('separate');
    answer({ folder: 'main' }); // what the server said before the change
    await reading;
    expect(store.folder.value).toBe('separate');
  });

  it('saves a change, and shows the old value again when the server refuses it', async () => {
    setLanguage('en');
    const server = fakeServer();
    const store = createFolderStore({ http: server.http });
    expect(await store.set('separate')).toBe(true);
    expect(server.state.folder).toBe('separate');
    expect(store.status.value).toBe('Third-party chats are shown in their own section.');

    const refusing = createFolderStore({ http: fakeServer({ refuse: true }).http });
    expect(await refusing.set('separate')).toBe(false);
    expect(refusing.folder.value).toBe('main');
    expect(refusing.error.value).toContain('Your role does not allow this.');
  });
});
