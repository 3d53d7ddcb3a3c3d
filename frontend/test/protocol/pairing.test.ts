import { beforeAll, describe, expect, it } from 'vitest';
import { B64u } from '../../src/protocol/b64u';
import { bytesEqual } from '../../src/protocol/bytes';
import {
  ephemeralKeyPairFromPrivate,
  generateEphemeralKeyPair,
  generatePairingSalt,
  openEphemeral,
  PairingCode,
  pairingConfirm,
  pairingLinkKey,
  pairingPasswordKey,
  sealEphemeral,
  verifyPairingConfirm,
  type PairingConfirmFields,
} from '../../src/protocol/pairing';
import { aes256Ctr } from '../../src/protocol/primitives';
import { ProtocolError } from '../../src/protocol/protocolError';
import { ACCOUNT, fixedBytes, fixedIdentities, type FixedIdentities } from '../support/fixtures';

let ids: FixedIdentities;
beforeAll(async () => {
  ids = await fixedIdentities();
});

describe('pairing code', () => {
  it('generates 8 symbols of the 32-symbol alphabet', () => {
    for (let i = 0; i < 50; i++) expect(PairingCode.generate()).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  });

  it('formats as XXXX-XXXX and normalizes what people type', () => {
    expect(PairingCode.format('7kqm2xpb')).toBe('7KQM-2XPB');
    expect(PairingCode.normalize(' 7kqm-2xpb ')).toBe('7KQM2XPB');
    expect(PairingCode.normalize('7KQM 2XPB')).toBe('7KQM2XPB');
  });

  it.each(['7KQM2XP', '7KQM2XPBB', '7KQM2XP0', 'IKQM2XPB', '7KQM_2XPB'])('refuses %j', (code) => {
    expect(() => PairingCode.normalize(code)).toThrow(ProtocolError);
  });
});

describe('sealed ephemeral keys', () => {
  it('sets the mask bit as asked and clears it on opening', async () => {
    const passwordKey = await fixedBytes('password key');
    const { publicKey } = await ephemeralKeyPairFromPrivate(await fixedBytes('ephemeral'));
    expect(publicKey[31]! & 0x80).toBe(0);
    const iv = await fixedBytes('iv', 16);
    for (const mask of [true, false]) {
      const sealed = await sealEphemeral(passwordKey, publicKey, { iv, mask });
      expect(sealed).toHaveLength(48);
      expect(bytesEqual(sealed.subarray(0, 16), iv)).toBe(true);
      const masked = await aes256Ctr(passwordKey, iv, sealed.slice(16));
      expect((masked[31]! & 0x80) !== 0).toBe(mask);
      expect(bytesEqual(await openEphemeral(passwordKey, sealed), publicKey)).toBe(true);
    }
  });

  it('picks a fresh iv each time by default', async () => {
    const passwordKey = await fixedBytes('password key');
    const { publicKey } = await generateEphemeralKeyPair();
    const a = await sealEphemeral(passwordKey, publicKey);
    const b = await sealEphemeral(passwordKey, publicKey);
    expect(bytesEqual(a.subarray(0, 16), b.subarray(0, 16))).toBe(false);
  });
});

describe('pairing round trip', () => {
  const ref = 'pairing-ref';

  /** Runs §6.2 with the code the device shows and the code the owner types; returns whether the primary accepts. */
  async function pair(shownCode: string, typedCode: string) {
    const companion = ids.companion1.keys;
    const salt = generatePairingSalt();
    const companionEphemeral = await generateEphemeralKeyPair();
    const pake1 = await sealEphemeral(await pairingPasswordKey(shownCode, salt), companionEphemeral.publicKey);

    const primaryPasswordKey = await pairingPasswordKey(typedCode, salt);
    const primaryEphemeral = await generateEphemeralKeyPair();
    const pake2 = await sealEphemeral(primaryPasswordKey, primaryEphemeral.publicKey);

    const companionLinkKey = await pairingLinkKey(
      companionEphemeral.privateKey,
      await openEphemeral(await pairingPasswordKey(shownCode, salt), pake2),
      salt,
      ref,
    );
    const fields: PairingConfirmFields = {
      ref,
      account: ACCOUNT,
      deviceId: companion.deviceId,
      signingKey: B64u.encode(companion.signingKey),
      agreementKey: B64u.encode(companion.agreementKey),
      pake1: B64u.encode(pake1),
      pake2: B64u.encode(pake2),
    };
    const confirm = await pairingConfirm(companionLinkKey, fields);

    const primaryLinkKey = await pairingLinkKey(
      primaryEphemeral.privateKey,
      await openEphemeral(primaryPasswordKey, pake1),
      salt,
      ref,
    );
    return {
      accepted: await verifyPairingConfirm(primaryLinkKey, fields, confirm),
      sameLinkKey: bytesEqual(companionLinkKey, primaryLinkKey),
      fields,
      confirm,
      primaryLinkKey,
    };
  }

  it('agrees on the link key and accepts the confirmation with the right code', async () => {
    const code = PairingCode.generate();
    const result = await pair(code, PairingCode.format(code).toLowerCase());
    expect(result.sameLinkKey).toBe(true);
    expect(result.accepted).toBe(true);
  });

  it('refuses the confirmation when the owner typed a different code', async () => {
    const result = await pair('7KQM2XPB', '7KQM2XPC');
    expect(result.sameLinkKey).toBe(false);
    expect(result.accepted).toBe(false);
  });

  it('binds the confirmation to the companion keys and both pake messages', async () => {
    const result = await pair('7KQM2XPB', '7KQM2XPB');
    const otherKey = B64u.encode(ids.companion2.keys.signingKey);
    for (const changed of [{ signingKey: otherKey }, { pake1: result.fields.pake2 }, { ref: 'other' }]) {
      expect(await verifyPairingConfirm(result.primaryLinkKey, { ...result.fields, ...changed }, result.confirm)).toBe(
        false,
      );
    }
  });

  it('refuses a salt that is not 32 bytes', async () => {
    await expect(pairingPasswordKey('7KQM2XPB', new Uint8Array(16))).rejects.toBeInstanceOf(ProtocolError);
  });
});
