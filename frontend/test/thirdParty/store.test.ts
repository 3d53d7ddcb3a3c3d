import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import { createPeersStore, validatePeer, type FederationView, type Peer } from '../../src/thirdParty/store';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

/** GET/PUT/DELETE /api/federation in memory, answering like the server. */
function fakeServer(options: { role?: 'owner' | 'agent' } = {}) {
  const view: FederationView = { domain: 'b.example', listening: true, peers: [] };
  const calls: string[] = [];
  const http = {
    async get<T>(path: string): Promise<T> {
      calls.push(`GET ${path}`);
      if (options.role === 'agent') throw new ApiError(403, 'role_required', 'Only owners and admins.');
      return structuredClone(view) as T;
    },
    async put<T>(path: string, body: unknown): Promise<T> {
      calls.push(`PUT ${path} ${JSON.stringify(body)}`);
      const domain = decodeURIComponent(path.split('/').pop()!);
      const peer = { domain, ...(body as Omit<Peer, 'domain'>) };
      view.peers = [...view.peers.filter((existing) => existing.domain !== domain), peer];
      return peer as T;
    },
    async delete<T>(path: string): Promise<T> {
      calls.push(`DELETE ${path}`);
      const domain = decodeURIComponent(path.split('/').pop()!);
      if (!view.peers.some((peer) => peer.domain === domain)) throw new ApiError(404, 'peer_not_found', 'No peer provider has this domain.');
      view.peers = view.peers.filter((peer) => peer.domain !== domain);
      return undefined as T;
    },
  };
  return { http, calls, view };
}

describe('third-party chat settings', () => {
  setLanguage('en');

  it('adds a provider turned off, and turns it on only when asked', async () => {
    const server = fakeServer();
    const store = createPeersStore(server);
    await store.load();
    store.draft.value = { domain: ' Chat.Example.org ', address: 'https://chat.example.org:8443', trustPem: PEM };

    expect(await store.add()).toBe(true);
    expect(store.view.value?.peers).toEqual([{ domain: 'chat.example.org', address: 'https://chat.example.org:8443', trustPem: PEM, enabled: false }]);
    expect(store.draft.value).toEqual({ domain: '', address: '', trustPem: '' });
    expect(store.status.value).toBe('chat.example.org added, turned off.');

    await store.setEnabled(store.view.value!.peers[0]!, true);
    expect(store.view.value?.peers[0]?.enabled).toBe(true);
    expect(server.calls.filter((call) => call.startsWith('PUT'))).toHaveLength(2);
  });

  it('refuses a draft with a bad domain, address or trust without calling the server', async () => {
    const server = fakeServer();
    const store = createPeersStore(server);
    await store.load();
    store.draft.value = { domain: 'not a domain', address: 'http://chat.example.org/path', trustPem: 'hello' };

    expect(await store.add()).toBe(false);
    expect(Object.keys(store.draftErrors.value).sort()).toEqual(['address', 'domain', 'trustPem']);
    expect(server.calls.some((call) => call.startsWith('PUT'))).toBe(false);
  });

  it('does not add the same domain twice', () => {
    const existing: Peer[] = [{ domain: 'a.example', address: 'https://a.example', trustPem: PEM, enabled: true }];
    expect(validatePeer({ domain: 'A.example', address: 'https://a.example', trustPem: PEM }, existing).domain).toBe('This provider is already in the list.');
  });

  it('removes a provider, and shows the server refusal when it is already gone', async () => {
    const server = fakeServer();
    const store = createPeersStore(server);
    store.draft.value = { domain: 'a.example', address: 'https://a.example', trustPem: PEM };
    await store.load();
    await store.add();
    const peer = store.view.value!.peers[0]!;

    expect(await store.remove(peer)).toBe(true);
    expect(store.view.value?.peers).toEqual([]);
    expect(await store.remove(peer)).toBe(false);
    expect(store.error.value).toBe('No peer provider has this domain.');
  });

  it('puts the switch back when the server refuses the change', async () => {
    const server = fakeServer();
    const store = createPeersStore(server);
    store.draft.value = { domain: 'a.example', address: 'https://a.example', trustPem: PEM };
    await store.load();
    await store.add();
    server.http.put = async () => {
      throw new ApiError(503, 'unavailable', 'The server cannot reach its database right now; try again shortly.');
    };

    const turnedOn = store.setEnabled(store.view.value!.peers[0]!, true);
    expect(store.view.value?.peers[0]?.enabled).toBe(true);
    expect(await turnedOn).toBe(false);
    expect(store.view.value?.peers[0]?.enabled).toBe(false);
    expect(store.error.value).toBe('The server cannot reach its database right now; try again shortly.');
  });

  it('stays hidden for devices that may not change it', async () => {
    const store = createPeersStore(fakeServer({ role: 'agent' }));
    await store.load();
    expect(store.hidden.value).toBe(true);
    expect(store.error.value).toBeNull();
  });
});
