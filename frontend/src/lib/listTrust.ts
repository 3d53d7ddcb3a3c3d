import { B64u, DeviceListError, verifyDeviceList, verifyTakeover, type Bytes, type DeviceList, type SignedDeviceList } from '../protocol';
import { KEPT_LIST_VERSIONS, type CodeChange, type MessageStore, type PinRecord } from './messageStore';

/**
 * Verifies the signed device lists of a conversation (protocol §4, §13.1) and remembers what was
 * accepted: the other side's primary key is pinned the first time it is seen (trust on first use)
 * and a list signed by another key is refused from then on; versions never go back.
 */

/** The pin of this device's own side comes from its identity (learned at setup, linking or sign-up). */
export interface OwnPin {
  owner: string;
  account: string;
  primarySigningKey: Uint8Array;
  /** Highest version the identity accepted, and its body. */
  version: number;
  list?: DeviceList;
  /** Called when a newer own-side list was accepted (to update the identity record). */
  onAccepted?: (list: DeviceList) => Promise<void> | void;
}

export interface TrustOptions {
  store: MessageStore;
  own: OwnPin;
  /** Unix seconds. */
  now?: () => number;
  /**
   * The signed claim of the other side's last completed recovery (protocol §7.3), or null: asked only when a list
   * is signed by another key than the pinned one. A claim under the authority key the pinned list committed to
   * moves the pin to the new primary; anything else is refused as before.
   */
  recoveryClaim?: (owner: string) => Promise<unknown>;
  /**
   * Whether the other side's last takeover was an operator's reset (protocol §7.4), asked only when a list is signed by
   * another key and no claim allows it. Such a list has nobody's signature to check it by: it is refused until the
   * person accepts the new security code ({@link ListTrust.acceptCodeChange}).
   */
  operatorReset?: (owner: string) => Promise<boolean>;
  /** Called when the other side's security code changed (the pin moved, or a reset waits for acceptance). */
  onPrimaryChanged?: (owner: string, primarySigningKey: Uint8Array) => void;
}

/** The primary entry's signing key of a list not verified yet (the key to pin on first use). */
function primaryKeyOf(candidate: unknown): string {
  const devices = (candidate as { list?: { devices?: unknown } } | null)?.list?.devices;
  if (Array.isArray(devices)) {
    const primary = devices.find((device) => typeof device === 'object' && device !== null && (device as { primary?: unknown }).primary === true) as
      | { signingKey?: unknown }
      | undefined;
    if (primary && typeof primary.signingKey === 'string') return primary.signingKey;
  }
  throw new DeviceListError('malformed', 'the list has no primary entry with a signing key');
}

export class ListTrust {
  private readonly store: MessageStore;
  private readonly own: OwnPin;
  private readonly now: () => number;
  private readonly recoveryClaim?: (owner: string) => Promise<unknown>;
  private readonly operatorReset?: (owner: string) => Promise<boolean>;
  private readonly onPrimaryChanged?: (owner: string, primarySigningKey: Uint8Array) => void;
  /** Serializes accept() per owner, so two refreshes cannot both pin a first key. */
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Earlier versions that messages named, verified with acceptPast, by owner. */
  private readonly past = new Map<string, DeviceList[]>();

  constructor(options: TrustOptions) {
    this.store = options.store;
    this.own = options.own;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.recoveryClaim = options.recoveryClaim;
    this.operatorReset = options.operatorReset;
    this.onPrimaryChanged = options.onPrimaryChanged;
  }

  /** The other side's security code change the person has not accepted yet, if any. */
  async codeChange(owner: string): Promise<CodeChange | undefined> {
    return (await this.store.getPin(owner))?.codeChange;
  }

  /**
   * The person accepts the new security code (having compared it, ideally, by another channel): after a reset the pin
   * moves to the new key, so its lists are accepted from now on; after a recovery only the warning goes.
   */
  acceptCodeChange(owner: string): Promise<void> {
    const previous = this.locks.get(owner) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const pin = await this.store.getPin(owner);
      if (!pin?.codeChange) return;
      const { codeChange, ...rest } = pin;
      await this.store.putPin({ ...rest, primarySigningKey: codeChange.primarySigningKey });
    });
    this.locks.set(owner, next);
    return next;
  }

  get ownOwner(): string {
    return this.own.owner;
  }

  /** The pin record of an owner, the own side merged with the identity's pin. */
  async pin(owner: string): Promise<PinRecord | undefined> {
    const stored = await this.store.getPin(owner);
    if (owner !== this.own.owner) return stored;
    const lists = [...(stored?.lists ?? [])];
    if (this.own.list && !lists.some((list) => list.version === this.own.list!.version)) lists.push(this.own.list);
    lists.sort((a, b) => a.version - b.version);
    return {
      device: this.store.device,
      owner,
      account: this.own.account,
      primarySigningKey: B64u.encode(this.own.primarySigningKey),
      lists,
      firstSeenAt: stored?.firstSeenAt ?? Math.floor(Date.now() / 1000),
    };
  }

  /** Accepted list bodies of an owner, oldest first (for looking up senders). */
  async history(owner: string): Promise<DeviceList[]> {
    const accepted = (await this.pin(owner))?.lists ?? [];
    const past = (this.past.get(owner) ?? []).filter((list) => !accepted.some((kept) => kept.version === list.version));
    return [...past, ...accepted].sort((a, b) => a.version - b.version);
  }

  /**
   * Verifies `candidate` as version `version` of `owner`'s list, which a message names (protocol §13.4): under
   * the pinned primary key and account, without the version-order and expiry rules. The owner must be pinned.
   */
  async acceptPast(owner: string, candidate: unknown, version: number): Promise<SignedDeviceList> {
    const pin = await this.pin(owner);
    if (!pin) throw new DeviceListError('wrong-primary-key', `no pinned key for ${owner} to verify an earlier list with`);
    const signed = await verifyDeviceList(candidate, {
      expectedAccount: pin.account,
      pinnedPrimaryKey: B64u.decode(pin.primarySigningKey),
      lastAcceptedVersion: 0,
      now: this.now(),
      pastVersion: version,
    });
    const kept = (this.past.get(owner) ?? []).filter((list) => list.version !== version);
    this.past.set(owner, [...kept, signed.list]);
    return signed;
  }

  /**
   * Verifies `candidate` as `owner`'s list. `account` is the account the server claims for an owner
   * seen for the first time; after that the pinned account is expected.
   */
  accept(owner: string, candidate: unknown, account: string): Promise<SignedDeviceList> {
    const previous = this.locks.get(owner) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.acceptNow(owner, candidate, account));
    this.locks.set(owner, next);
    void next.finally(() => {
      if (this.locks.get(owner) === next) this.locks.delete(owner);
    }).catch(() => undefined);
    return next;
  }

  private async acceptNow(owner: string, candidate: unknown, account: string): Promise<SignedDeviceList> {
    const pin = await this.pin(owner);
    const own = owner === this.own.owner;
    const lastList = pin?.lists[pin.lists.length - 1];
    const lastVersion = own ? Math.max(this.own.version, lastList?.version ?? 0) : lastList?.version ?? 0;
    const lastBody = pin?.lists.find((list) => list.version === lastVersion);
    let pinnedKey = pin ? B64u.decode(pin.primarySigningKey) : B64u.decode(primaryKeyOf(candidate));
    let signed: SignedDeviceList;
    let moved: CodeChange | undefined;
    try {
      signed = await verifyDeviceList(candidate, {
        expectedAccount: pin?.account ?? account,
        pinnedPrimaryKey: pinnedKey,
        lastAcceptedVersion: lastVersion,
        lastAcceptedList: lastBody,
        now: this.now(),
      });
    } catch (error) {
      const foreignKey = error instanceof DeviceListError && error.reason === 'wrong-primary-key' && pin && lastBody && !own;
      const claim = foreignKey && this.recoveryClaim ? await this.recoveryClaim(owner) : null;
      if (!claim) {
        if (foreignKey && this.operatorReset && (await this.operatorReset(owner))) await this.holdReset(pin!, candidate, lastVersion);
        throw error;
      }
      // A takeover (§7.3): verified under the claim's key, which becomes the pin; the old lists stay for history.
      const takeover = await verifyTakeover(candidate, claim, {
        expectedAccount: pin!.account,
        pinnedPrimaryKey: pinnedKey,
        lastAccepted: lastBody!,
        now: this.now(),
      });
      signed = takeover.signed;
      pinnedKey = takeover.primarySigningKey;
      moved = { kind: 'recovery', primarySigningKey: B64u.encode(pinnedKey), agreementKey: signed.list.devices.find((device) => device.primary)!.agreementKey };
    }
    const codeChange = moved ?? pin?.codeChange;
    if (moved || !pin || signed.list.version > lastVersion || B64u.encode(pinnedKey) !== pin.primarySigningKey) {
      const lists = [...(pin?.lists ?? []).filter((list) => list.version !== signed.list.version), signed.list]
        .sort((a, b) => a.version - b.version)
        .slice(-KEPT_LIST_VERSIONS);
      await this.store.putPin({
        device: this.store.device,
        owner,
        account: pin?.account ?? account,
        primarySigningKey: B64u.encode(pinnedKey),
        lists,
        firstSeenAt: pin?.firstSeenAt ?? Math.floor(Date.now() / 1000),
        ...(codeChange ? { codeChange } : {}),
      });
      if (own && signed.list.version > this.own.version) {
        this.own.version = signed.list.version;
        this.own.list = signed.list;
        await this.own.onAccepted?.(signed.list);
      }
    }
    // Told once the pin holds the change, so a listener that reads it (codeChange) finds it.
    if (moved) this.onPrimaryChanged?.(owner, pinnedKey);
    return signed;
  }

  /**
   * Remembers a list under a new key after an operator's reset as a code change waiting for the person; the pin stays.
   * It must be a valid list under its own primary key and newer than the accepted one, or there is nothing to offer.
   */
  private async holdReset(pin: PinRecord, candidate: unknown, lastVersion: number): Promise<void> {
    let primaryKey: Bytes;
    let signed: SignedDeviceList;
    try {
      primaryKey = B64u.decode(primaryKeyOf(candidate));
      signed = await verifyDeviceList(candidate, {
        expectedAccount: pin.account,
        pinnedPrimaryKey: primaryKey,
        lastAcceptedVersion: lastVersion,
        now: this.now(),
      });
    } catch {
      return;
    }
    const codeChange: CodeChange = {
      kind: 'reset',
      primarySigningKey: B64u.encode(primaryKey),
      agreementKey: signed.list.devices.find((device) => device.primary)!.agreementKey,
    };
    if (pin.codeChange?.kind === 'reset' && pin.codeChange.primarySigningKey === codeChange.primarySigningKey) return;
    await this.store.putPin({ ...pin, codeChange });
    this.onPrimaryChanged?.(pin.owner, primaryKey);
  }
}

/** A sentence about a refused list, for people. */
export function listRefusalText(error: unknown, whose: string): string {
  if (error instanceof DeviceListError) {
    const why: Record<string, string> = {
      malformed: 'it is malformed',
      'wrong-account': 'it is for another phone number than before',
      'wrong-primary-key': 'it is signed by a different key than the one this browser trusted before',
      'bad-signature': 'its signature does not verify',
      'stale-version': 'it is older than a list this browser already accepted',
      expired: 'it has expired',
      'missing-device-signature': 'a device on it has not countersigned',
      'bad-device-signature': 'a device\u2019s countersignature does not verify',
      'wrong-device-id': 'a device id does not belong to its key',
      'unexpected-device-signature': 'it carries a signature of a device that is not on it',
      'bad-recovery-claim': 'it names a new primary device without a valid recovery claim',
    };
    return `The device list of ${whose} failed verification: ${why[error.reason] ?? error.reason} (${error.reason}). Messages are not sent, because the list may have been tampered with.`;
  }
  return `The device list of ${whose} could not be checked: ${error instanceof Error ? error.message : String(error)}`;
}
