import { signal } from '@preact/signals';
import { t } from '../i18n';
import { ApiError, errorMessage } from '../lib/api';

/** A peer provider the business allows (docs/protocol.md §16, docs/interop.md §8). */
export interface Peer {
  domain: string;
  address: string;
  trustPem: string;
  enabled: boolean;
}

export interface FederationView {
  /** This provider's domain; null when the server has no federation configured. */
  domain: string | null;
  listening: boolean;
  peers: Peer[];
}

export interface PeerDraft {
  domain: string;
  address: string;
  trustPem: string;
}

export type PeerField = keyof PeerDraft;

export interface PeersDeps {
  http: {
    get<T>(path: string): Promise<T>;
    put<T>(path: string, body: unknown): Promise<T>;
    delete<T>(path: string): Promise<T>;
  };
}

const DOMAIN = /^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/;
const ADDRESS = /^https:\/\/[^\s/?#]+$/;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;

/** The field errors of a new peer; empty when it may be sent. The server checks the same again. */
export function validatePeer(draft: PeerDraft, existing: readonly Peer[]): Partial<Record<PeerField, string>> {
  const errors: Partial<Record<PeerField, string>> = {};
  const domain = draft.domain.trim().toLowerCase();
  if (!DOMAIN.test(domain) || domain.length > 253) errors.domain = t('thirdParty:error.domain');
  else if (existing.some((peer) => peer.domain === domain)) errors.domain = t('thirdParty:error.domainTaken');
  if (!ADDRESS.test(draft.address.trim())) errors.address = t('thirdParty:error.address');
  if (!CERTIFICATE.test(draft.trustPem)) errors.trustPem = t('thirdParty:error.trust');
  return errors;
}

/**
 * The "Third-party chats" settings: which peer providers may reach the business, with their trust. A peer is
 * added off; turning it on is a separate, deliberate step. Owners and admins only (others get 403 and the
 * section stays hidden).
 */
export function createPeersStore(deps: PeersDeps) {
  const view = signal<FederationView | null>(null);
  const hidden = signal(false);
  const error = signal<string | null>(null);
  const status = signal<string | null>(null);
  const draft = signal<PeerDraft>({ domain: '', address: '', trustPem: '' });
  const draftErrors = signal<Partial<Record<PeerField, string>>>({});
  const busy = signal(false);

  async function load(): Promise<void> {
    try {
      view.value = await deps.http.get<FederationView>('/api/federation');
      error.value = null;
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 403) hidden.value = true;
      else error.value = t('thirdParty:loadFailed', { error: errorMessage(failure) });
    }
  }

  async function change(action: () => Promise<unknown>, done: string): Promise<boolean> {
    busy.value = true;
    try {
      await action();
      error.value = null;
      status.value = done;
      await load();
      return true;
    } catch (failure) {
      error.value = errorMessage(failure);
      return false;
    } finally {
      busy.value = false;
    }
  }

  function put(peer: Peer): Promise<unknown> {
    return deps.http.put(`/api/federation/peers/${encodeURIComponent(peer.domain)}`, {
      address: peer.address,
      trustPem: peer.trustPem,
      enabled: peer.enabled,
    });
  }

  async function add(): Promise<boolean> {
    const errors = validatePeer(draft.value, view.value?.peers ?? []);
    draftErrors.value = errors;
    if (Object.keys(errors).length > 0) return false;
    const peer: Peer = {
      domain: draft.value.domain.trim().toLowerCase(),
      address: draft.value.address.trim(),
      trustPem: draft.value.trustPem.trim(),
      enabled: false,
    };
    const added = await change(() => put(peer), t('thirdParty:status.added', { domain: peer.domain }));
    if (added) draft.value = { domain: '', address: '', trustPem: '' };
    return added;
  }

  /** Shows the switch in its new position at once, and back in the old one if the server refuses. */
  async function setEnabled(peer: Peer, enabled: boolean): Promise<boolean> {
    const flip = (value: boolean) => {
      if (view.value) view.value = { ...view.value, peers: view.value.peers.map((p) => (p.domain === peer.domain ? { ...p, enabled: value } : p)) };
    };
    flip(enabled);
    const changed = await change(() => put({ ...peer, enabled }), t(enabled ? 'thirdParty:status.on' : 'thirdParty:status.off', { domain: peer.domain }));
    if (!changed) flip(peer.enabled);
    return changed;
  }

  function remove(peer: Peer): Promise<boolean> {
    return change(
      () => deps.http.delete(`/api/federation/peers/${encodeURIComponent(peer.domain)}`),
      t('thirdParty:status.removed', { domain: peer.domain }),
    );
  }

  return { view, hidden, error, status, draft, draftErrors, busy, load, add, setEnabled, remove };
}

export type PeersStore = ReturnType<typeof createPeersStore>;
