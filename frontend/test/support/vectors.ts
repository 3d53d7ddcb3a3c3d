import { fileURLToPath } from 'node:url';
import { authChallengeSignature } from '../../src/protocol/auth';
import { B64u } from '../../src/protocol/b64u';
import { canonicalJson } from '../../src/protocol/canonicalJson';
import type { DeviceListRejection } from '../../src/protocol/deviceList';
import { Hpke } from '../../src/protocol/hpke';
import { linkProof, type LinkProofFields } from '../../src/protocol/linkProof';
import {
  ephemeralKeyPairFromPrivate,
  pairingConfirm,
  pairingLinkKey,
  pairingPasswordKey,
  sealEphemeral,
} from '../../src/protocol/pairing';
import { importX25519Private, publicKeyOfExtractablePrivate } from '../../src/protocol/primitives';
import { hex } from './hex';
import { buildMessageVectors, type MessageVectors } from './messageVectors';
import { buildRecoveryVectors, type RecoveryVectors } from './recoveryVectors';
import {
  ACCOUNT,
  fixedBytes,
  fixedIdentities,
  invalidListCases,
  NOW,
  validSignedList,
  type IdentityName,
} from './fixtures';

/** The golden vector layout of protocol §11. Lists stay `unknown`: the other side's may be any shape. */
export interface VectorIdentity {
  name: IdentityName;
  signingSeed: string;
  agreementPrivate: string;
  signingKey: string;
  agreementKey: string;
  deviceId: string;
  fingerprint: string;
}

export interface VectorFile {
  generator: 'java' | 'typescript';
  identities: VectorIdentity[];
  canonicalJson: { value: unknown; canonical: string }[];
  deviceList: { now: number; pinnedPrimaryKey: string; signed: unknown };
  invalidDeviceLists: {
    reason: DeviceListRejection;
    now: number;
    pinnedPrimaryKey: string;
    lastAcceptedVersion: number;
    signed: unknown;
  }[];
  auth: { identity: IdentityName; challenge: string; origin: string; signature: string };
  linkProof: LinkProofFields & { linkKey: string; proof: string };
  pairing: {
    code: string;
    salt: string;
    ref: string;
    account: string;
    identity: IdentityName;
    companionEphemeralPrivate: string;
    primaryEphemeralPrivate: string;
    iv1: string;
    mask1: boolean;
    iv2: string;
    mask2: boolean;
    passwordKey: string;
    pake1: string;
    pake2: string;
    linkKey: string;
    confirm: string;
  };
  hpke: {
    recipientPrivate: string;
    recipientPublic: string;
    ephemeralPrivate: string;
    info: string;
    aad: string;
    plaintext: string;
    enc: string;
    ciphertext: string;
  };
  /** §11 `messages`: required in both files (the Java side wrote its section first). */
  messages: MessageVectors;
  /** §11 `recovery` (§7.2, §7.3). */
  recovery: RecoveryVectors;
}

export function vectorPath(generator: VectorFile['generator']): string {
  return fileURLToPath(new URL(`../../../docs/vectors/${generator}.json`, import.meta.url));
}

const CANONICAL_JSON_VALUES: unknown[] = [
  { b: 1, a: [true, false, 'x'], c: { z: -42, y: 'ok' } },
  // UTF-16 order: "😀" (D83D DE00) sorts before "ﬁ" (FB01) though its code point is higher.
  { 'ﬁ': 1, '😀': 2, é: 3, z: 4, A: 5, a: 6, '': 7 },
  { text: 'quote " backslash \\ slash / controls \b\t\n\f\r \u0000\u0001\u001f del \u007f \u2028 é € 😀 中文' },
  [0, -1, 9007199254740991, -9007199254740991, 1795000000],
  { empty: {}, list: [], nested: [[], [{}], [[true]]] },
  'plain string at top level',
];

const b64u = B64u.encode;

export async function buildVectors(): Promise<VectorFile> {
  const ids = await fixedIdentities();
  const identities = await Promise.all(
    Object.values(ids).map(async ({ name, signingSeed, agreementPrivate, keys }) => ({
      name,
      signingSeed: b64u(signingSeed),
      agreementPrivate: b64u(agreementPrivate),
      signingKey: b64u(keys.signingKey),
      agreementKey: b64u(keys.agreementKey),
      deviceId: keys.deviceId,
      fingerprint: await keys.fingerprint(),
    })),
  );
  const primary = ids.primary.keys;
  const companion = ids.companion1.keys;
  const pinnedPrimaryKey = b64u(primary.signingKey);

  const challenge = b64u(await fixedBytes('auth challenge'));
  const origin = 'http://localhost:8080';

  const linkKey = await fixedBytes('qr link secret');
  const linkFields: LinkProofFields = {
    ref: 'qR7vX2kLm9Tz',
    account: ACCOUNT,
    deviceId: companion.deviceId,
    signingKey: b64u(companion.signingKey),
    agreementKey: b64u(companion.agreementKey),
    primarySigningKey: pinnedPrimaryKey,
    listVersion: 2,
  };

  const code = '7KQM2XPB';
  const salt = await fixedBytes('pairing salt');
  const pairingRef = 'pC4nW8sJ2dYh';
  const companionEphemeralPrivate = await fixedBytes('companion ephemeral private');
  const primaryEphemeralPrivate = await fixedBytes('primary ephemeral private');
  // Counter blocks at the 64-bit and the 128-bit boundary: both sides must carry and wrap the same way.
  const iv1 = hex('0000000000000000ffffffffffffffff');
  const iv2 = hex('ffffffffffffffffffffffffffffffff');
  const passwordKey = await pairingPasswordKey(code, salt);
  const companionEphemeral = await ephemeralKeyPairFromPrivate(companionEphemeralPrivate);
  const primaryEphemeral = await ephemeralKeyPairFromPrivate(primaryEphemeralPrivate);
  const pake1 = b64u(await sealEphemeral(passwordKey, companionEphemeral.publicKey, { iv: iv1, mask: true }));
  const pake2 = b64u(await sealEphemeral(passwordKey, primaryEphemeral.publicKey, { iv: iv2, mask: false }));
  const pairingKey = await pairingLinkKey(companionEphemeral.privateKey, primaryEphemeral.publicKey, salt, pairingRef);

  return {
    generator: 'typescript',
    identities,
    canonicalJson: CANONICAL_JSON_VALUES.map((value) => ({ value, canonical: canonicalJson(value) })),
    deviceList: { now: NOW, pinnedPrimaryKey, signed: await validSignedList(ids) },
    invalidDeviceLists: (await invalidListCases(ids)).map((c) => ({
      reason: c.reason,
      now: c.now,
      pinnedPrimaryKey: b64u(c.pinnedPrimaryKey),
      lastAcceptedVersion: c.lastAcceptedVersion,
      signed: c.signed,
    })),
    auth: { identity: 'companion1', challenge, origin, signature: await authChallengeSignature(companion, challenge, origin) },
    linkProof: { linkKey: b64u(linkKey), ...linkFields, proof: await linkProof(linkKey, linkFields) },
    pairing: {
      code,
      salt: b64u(salt),
      ref: pairingRef,
      account: ACCOUNT,
      identity: 'companion1',
      companionEphemeralPrivate: b64u(companionEphemeralPrivate),
      primaryEphemeralPrivate: b64u(primaryEphemeralPrivate),
      iv1: b64u(iv1),
      mask1: true,
      iv2: b64u(iv2),
      mask2: false,
      passwordKey: b64u(passwordKey),
      pake1,
      pake2,
      linkKey: b64u(pairingKey),
      confirm: await pairingConfirm(pairingKey, {
        ref: pairingRef,
        account: ACCOUNT,
        deviceId: companion.deviceId,
        signingKey: b64u(companion.signingKey),
        agreementKey: b64u(companion.agreementKey),
        pake1,
        pake2,
      }),
    },
    hpke: await hpkeVector(),
    messages: await buildMessageVectors(ids),
    recovery: await buildRecoveryVectors(ids),
  };
}

/**
 * The protocol's one HPKE suite (§2) on the inputs of RFC 9180's JSON vector set for it (mode 0,
 * kem 0x0020, kdf 0x0001, aead 0x0002, first encryption), sealed by this side.
 */
async function hpkeVector(): Promise<VectorFile['hpke']> {
  const recipientPrivate = hex('497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d');
  const ephemeralPrivate = hex('179d4b53b6365c45b600c4163b61d95cbc2f4d9e36f1695558dce265ab8bab11');
  const info = hex('4f6465206f6e2061204772656369616e2055726e');
  const aad = hex('436f756e742d30');
  const plaintext = hex('4265617574792069732074727574682c20747275746820626561757479');
  const recipientPublic = await publicKeyOfExtractablePrivate(await importX25519Private(recipientPrivate, true));
  const { enc, ciphertext } = await Hpke.sealBase(recipientPublic, info, aad, plaintext, { ephemeralPrivate });
  return {
    recipientPrivate: b64u(recipientPrivate),
    recipientPublic: b64u(recipientPublic),
    ephemeralPrivate: b64u(ephemeralPrivate),
    info: b64u(info),
    aad: b64u(aad),
    plaintext: b64u(plaintext),
    enc: b64u(enc),
    ciphertext: b64u(ciphertext),
  };
}
