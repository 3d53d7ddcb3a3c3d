import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authChallengeSignature } from '../../src/protocol/auth';
import { B64u } from '../../src/protocol/b64u';
import { decryptBlob, encryptBlob } from '../../src/protocol/blobs';
import { bytesEqual, type Bytes } from '../../src/protocol/bytes';
import { canonicalJson, canonicalJsonBytes } from '../../src/protocol/canonicalJson';
import { DeviceKeys } from '../../src/protocol/deviceKeys';
import { DeviceListError, deviceSignature, verifyDeviceList, type SignedDeviceList } from '../../src/protocol/deviceList';
import {
  EnvelopeError,
  parseEnvelope,
  parseMessageHeader,
  receiveEnvelope,
  sealEnvelope,
  unwrapContentKey,
  verifyEnvelope,
  type EnvelopeRejection,
} from '../../src/protocol/envelope';
import { Hpke } from '../../src/protocol/hpke';
import { Labels } from '../../src/protocol/labels';
import { linkProof, verifyLinkProof } from '../../src/protocol/linkProof';
import {
  ephemeralKeyPairFromPrivate,
  openEphemeral,
  pairingConfirm,
  pairingLinkKey,
  pairingPasswordKey,
  sealEphemeral,
  verifyPairingConfirm,
} from '../../src/protocol/pairing';
import { contentText, parseMessageContent } from '../../src/protocol/messageContent';
import {
  authorityKeyOf,
  formatRecoveryKey,
  parseRecoveryKey,
  signRecoveryClaim,
  unwrapAsBackupAdmin,
  unwrapAuthoritySeed,
  verifyTakeover,
  wrapAuthoritySeed,
  wrapForBackupAdmin,
} from '../../src/protocol/recovery';
import { importX25519Private, publicKeyOfExtractablePrivate } from '../../src/protocol/primitives';
import type { MessageVectors } from '../support/messageVectors';
import { vectorPath, type VectorFile } from '../support/vectors';

const decode = B64u.decode;

async function identityKeys(file: VectorFile, name: string): Promise<DeviceKeys> {
  const identity = file.identities.find((candidate) => candidate.name === name);
  if (identity === undefined) throw new Error(`no identity named ${name}`);
  return DeviceKeys.fromPrivate(decode(identity.signingSeed), decode(identity.agreementPrivate));
}

/** Each side's file is recomputed from its private inputs, so a divergence fails on both sides. */
for (const generator of ['java', 'typescript'] as const) {
  const path = vectorPath(generator);

  describe(`${generator}.json`, () => {
    if (!existsSync(path)) {
      it('exists', () => {
        throw new Error(`${path} is missing: the ${generator} implementation writes it`);
      });
      return;
    }
    const file = JSON.parse(readFileSync(path, 'utf8')) as VectorFile;
    const account = (file.deviceList.signed as SignedDeviceList).list.account;

    it(`says it was written by ${generator}`, () => {
      expect(file.generator).toBe(generator);
    });

    it('identities: public keys, device ids and fingerprints follow from the private keys', async () => {
      expect(file.identities.map((identity) => identity.name).sort()).toEqual(['companion1', 'companion2', 'primary']);
      for (const identity of file.identities) {
        const keys = await identityKeys(file, identity.name);
        expect(B64u.encode(keys.signingKey), identity.name).toBe(identity.signingKey);
        expect(B64u.encode(keys.agreementKey), identity.name).toBe(identity.agreementKey);
        expect(keys.deviceId, identity.name).toBe(identity.deviceId);
        expect(await keys.fingerprint(), identity.name).toBe(identity.fingerprint);
      }
    });

    it('canonical JSON', () => {
      expect(file.canonicalJson.length).toBeGreaterThan(0);
      for (const { value, canonical } of file.canonicalJson) expect(canonicalJson(value)).toBe(canonical);
    });

    it('the valid device list verifies and its signatures are reproduced', async () => {
      const { now, pinnedPrimaryKey } = file.deviceList;
      const signed = await verifyDeviceList(file.deviceList.signed, {
        expectedAccount: account,
        pinnedPrimaryKey: decode(pinnedPrimaryKey),
        lastAcceptedVersion: 0,
        now,
      });
      expect(signed.list.version).toBe(2);
      const primary = await identityKeys(file, 'primary');
      expect(B64u.encode(await primary.sign(Labels.DEVICE_LIST, canonicalJsonBytes(signed.list)))).toBe(signed.signature);
      const companion = await identityKeys(file, 'companion1');
      expect(signed.list.devices.map((device) => device.id).sort()).toEqual([primary.deviceId, companion.deviceId].sort());
      expect(signed.deviceSignatures).toEqual({
        [companion.deviceId]: await deviceSignature(companion, account, primary.signingKey),
      });
    });

    it('has an invalid list for every reason', () => {
      expect(new Set(file.invalidDeviceLists.map((c) => c.reason))).toEqual(
        new Set([
          'malformed',
          'wrong-account',
          'wrong-primary-key',
          'bad-signature',
          'stale-version',
          'expired',
          'missing-device-signature',
          'bad-device-signature',
          'wrong-device-id',
          'unexpected-device-signature',
        ]),
      );
    });

    file.invalidDeviceLists.forEach((c, index) => {
      it(`invalid list #${index} is rejected as '${c.reason}'`, async () => {
        const verification = verifyDeviceList(c.signed, {
          expectedAccount: account,
          pinnedPrimaryKey: decode(c.pinnedPrimaryKey),
          lastAcceptedVersion: c.lastAcceptedVersion,
          now: c.now,
        });
        await expect(verification).rejects.toBeInstanceOf(DeviceListError);
        await expect(verification).rejects.toHaveProperty('reason', c.reason);
      });
    });

    it('auth challenge signature', async () => {
      const { identity, challenge, origin, signature } = file.auth;
      expect(await authChallengeSignature(await identityKeys(file, identity), challenge, origin)).toBe(signature);
    });

    it('hpke: the suite of §2 seals to the same enc and ciphertext and opens again', async () => {
      const v = file.hpke;
      const recipientPrivate = await importX25519Private(decode(v.recipientPrivate), true);
      expect(B64u.encode(await publicKeyOfExtractablePrivate(recipientPrivate))).toBe(v.recipientPublic);
      const sealed = await Hpke.sealBase(decode(v.recipientPublic), decode(v.info), decode(v.aad), decode(v.plaintext), {
        ephemeralPrivate: decode(v.ephemeralPrivate),
      });
      expect(B64u.encode(sealed.enc)).toBe(v.enc);
      expect(B64u.encode(sealed.ciphertext)).toBe(v.ciphertext);
      const recipient = { privateKey: recipientPrivate, publicKey: decode(v.recipientPublic) };
      const opened = await Hpke.openBase(recipient, decode(v.enc), decode(v.info), decode(v.aad), decode(v.ciphertext));
      expect(B64u.encode(opened)).toBe(v.plaintext);
    });

    it('link proof', async () => {
      const { linkKey, proof, ...fields } = file.linkProof;
      expect(await linkProof(decode(linkKey), fields)).toBe(proof);
      expect(await verifyLinkProof(decode(linkKey), fields, proof)).toBe(true);
    });

    it('pairing: password key, sealed ephemerals, link key from both sides, confirmation', async () => {
      const p = file.pairing;
      const salt = decode(p.salt);
      const passwordKey = await pairingPasswordKey(p.code, salt);
      expect(B64u.encode(passwordKey)).toBe(p.passwordKey);

      const companionEphemeral = await ephemeralKeyPairFromPrivate(decode(p.companionEphemeralPrivate));
      const primaryEphemeral = await ephemeralKeyPairFromPrivate(decode(p.primaryEphemeralPrivate));
      const pake1 = await sealEphemeral(passwordKey, companionEphemeral.publicKey, { iv: decode(p.iv1), mask: p.mask1 });
      const pake2 = await sealEphemeral(passwordKey, primaryEphemeral.publicKey, { iv: decode(p.iv2), mask: p.mask2 });
      expect(B64u.encode(pake1)).toBe(p.pake1);
      expect(B64u.encode(pake2)).toBe(p.pake2);
      expect(bytesEqual(await openEphemeral(passwordKey, decode(p.pake1)), companionEphemeral.publicKey)).toBe(true);
      expect(bytesEqual(await openEphemeral(passwordKey, decode(p.pake2)), primaryEphemeral.publicKey)).toBe(true);

      const companionSide = await pairingLinkKey(
        companionEphemeral.privateKey,
        await openEphemeral(passwordKey, decode(p.pake2)),
        salt,
        p.ref,
      );
      const primarySide = await pairingLinkKey(
        primaryEphemeral.privateKey,
        await openEphemeral(passwordKey, decode(p.pake1)),
        salt,
        p.ref,
      );
      expect(B64u.encode(companionSide)).toBe(p.linkKey);
      expect(B64u.encode(primarySide)).toBe(p.linkKey);

      const keys = await identityKeys(file, p.identity);
      const fields = {
        ref: p.ref,
        account: p.account,
        deviceId: keys.deviceId,
        signingKey: B64u.encode(keys.signingKey),
        agreementKey: B64u.encode(keys.agreementKey),
        pake1: p.pake1,
        pake2: p.pake2,
      };
      expect(await pairingConfirm(companionSide, fields)).toBe(p.confirm);
      expect(await verifyPairingConfirm(primarySide, fields, p.confirm)).toBe(true);
    });

    describe('messages (§13)', () => {
      const messages = file.messages as MessageVectors | undefined;
      if (messages === undefined) {
        it('has a messages section', () => {
          throw new Error(`${generator}.json has no "messages" section`);
        });
        return;
      }

      it('has envelopes, blobs and an invalid envelope for every reason', () => {
        expect(messages.envelopes.length).toBeGreaterThan(0);
        expect(messages.blobs.length).toBeGreaterThan(0);
        const reasons: EnvelopeRejection[] = ['malformed', 'bad-signature', 'not-a-recipient', 'bad-wrap', 'bad-ciphertext'];
        expect(new Set(messages.invalidEnvelopes.map((c) => c.reason))).toEqual(new Set(reasons));
      });

      messages.envelopes.forEach((vector, index) => {
        it(`envelope #${index} (${vector.description}) is reproduced and received by every recipient`, async () => {
          const sender = await identityKeys(file, vector.sender);
          const header = parseMessageHeader(vector.header);
          const contentKey = decode(vector.contentKey);
          const content = canonicalJsonBytes(vector.content);
          const agreementKeys: Record<string, Bytes> = {};
          const ephemeralPrivateKeys: Record<string, Bytes> = {};
          const recipients: DeviceKeys[] = [];
          for (const recipient of vector.recipients) {
            const keys = await identityKeys(file, recipient.identity);
            recipients.push(keys);
            agreementKeys[keys.deviceId] = keys.agreementKey;
            ephemeralPrivateKeys[keys.deviceId] = decode(recipient.ephemeralPrivate);
          }

          const expected = parseEnvelope(vector.envelope);
          const sealed = await sealEnvelope(sender, header, content, agreementKeys, {
            contentKey,
            nonce: decode(vector.nonce),
            ephemeralPrivateKeys,
          });
          expect(expected.header, 'the envelope carries the header').toEqual(header);
          expect(sealed.ciphertext, 'ciphertext').toBe(expected.ciphertext);
          expect(Object.keys(expected.wraps).sort(), 'one wrap per recipient').toEqual(Object.keys(sealed.wraps).sort());
          for (const [deviceId, wrap] of Object.entries(sealed.wraps)) expect(expected.wraps[deviceId], `wrap for ${deviceId}`).toBe(wrap);
          expect(sealed.signature, 'signature').toBe(expected.signature);

          await verifyEnvelope(expected, sender.signingKey);
          for (const recipient of recipients) {
            expect(B64u.encode(await unwrapContentKey(expected, recipient)), `${recipient.deviceId} unwraps K`).toBe(vector.contentKey);
            const received = await receiveEnvelope(vector.envelope, sender.signingKey, recipient);
            expect(bytesEqual(received.content, content), `${recipient.deviceId} receives the content`).toBe(true);
          }
          if (header.kind === 'text' || header.kind === 'note') {
            expect(contentText(content)).toBe((vector.content as { text: string }).text);
          } else {
            expect(parseMessageContent(content, header.kind)).toEqual(vector.content);
          }
        });
      });

      messages.invalidEnvelopes.forEach((c, index) => {
        it(`invalid envelope #${index} is refused as '${c.reason}' (${c.description})`, async () => {
          const sender = await identityKeys(file, c.sender);
          const recipient = await identityKeys(file, c.recipient);
          const receiving = receiveEnvelope(c.envelope, sender.signingKey, recipient);
          await expect(receiving).rejects.toBeInstanceOf(EnvelopeError);
          await expect(receiving).rejects.toHaveProperty('reason', c.reason);
        });
      });

      messages.blobs.forEach((blob, index) => {
        it(`blob #${index} (${blob.description})`, async () => {
          const key = decode(blob.key);
          expect(B64u.encode(await encryptBlob(key, decode(blob.plaintext), { nonce: decode(blob.nonce) }))).toBe(blob.encrypted);
          expect(B64u.encode(await decryptBlob(key, decode(blob.encrypted)))).toBe(blob.plaintext);
        });
      });
    });

    describe('recovery (§7.2, §7.3)', () => {
      const recovery = file.recovery;
      if (recovery === undefined) {
        it('has a recovery section', () => {
          throw new Error(`${generator}.json has no "recovery" section`);
        });
        return;
      }

      it('recovery key: text form, parsing back, wrap and unwrap of the authority key', async () => {
        const key = decode(recovery.recoveryKey);
        expect(await formatRecoveryKey(key)).toBe(recovery.text);
        expect(B64u.encode(await parseRecoveryKey(recovery.text.toLowerCase().replaceAll(' ', '-')))).toBe(recovery.recoveryKey);
        const seed = decode(recovery.authoritySeed);
        expect(B64u.encode(await authorityKeyOf(seed))).toBe(recovery.authorityKey);
        const wrapped = await wrapAuthoritySeed(key, recovery.account, seed, decode(recovery.nonce));
        expect(B64u.encode(wrapped)).toBe(recovery.wrapped);
        const unwrapped = await unwrapAuthoritySeed(key, recovery.account, decode(recovery.authorityKey), decode(recovery.wrapped));
        expect(B64u.encode(unwrapped)).toBe(recovery.authoritySeed);
        const wrongKey = key.slice();
        wrongKey[0]! ^= 1;
        await expect(unwrapAuthoritySeed(wrongKey, recovery.account, decode(recovery.authorityKey), wrapped)).rejects.toThrow();
        await expect(unwrapAuthoritySeed(key, '+15550100', decode(recovery.authorityKey), wrapped)).rejects.toThrow();
      });

      it('backup admin: the authority key wrapped by HPKE to its agreement key, which alone opens it', async () => {
        const backupAdmin = await identityKeys(file, recovery.backupAdmin);
        const seed = decode(recovery.authoritySeed);
        const wrapped = await wrapForBackupAdmin(backupAdmin.agreementKey, recovery.account, seed, { ephemeralPrivate: decode(recovery.backupEphemeral) });
        expect(B64u.encode(wrapped)).toBe(recovery.backupWrapped);
        const recipient = { privateKey: backupAdmin.agreementPrivateKey, publicKey: backupAdmin.agreementKey };
        expect(await unwrapAsBackupAdmin(recipient, recovery.account, decode(recovery.authorityKey), wrapped)).toEqual(seed);
        const other = await identityKeys(file, 'companion2');
        await expect(unwrapAsBackupAdmin({ privateKey: other.agreementPrivateKey, publicKey: other.agreementKey }, recovery.account,
          decode(recovery.authorityKey), wrapped)).rejects.toThrow();
      });

      it('a mistyped recovery key is refused by its check', async () => {
        const text = recovery.text.replaceAll(' ', '');
        const swapped = text[0] === '2' ? `3${text.slice(1)}` : `2${text.slice(1)}`;
        await expect(parseRecoveryKey(swapped)).rejects.toThrow(/check/);
      });

      it('the claim is reproduced and the takeover list verifies under the new primary', async () => {
        const signed = await signRecoveryClaim(recovery.claim.claim, decode(recovery.authoritySeed));
        expect(signed.signature).toBe(recovery.claim.signature);
        const lastAccepted = await verifyDeviceList(recovery.lastAccepted, {
          expectedAccount: recovery.account,
          pinnedPrimaryKey: decode(recovery.pinnedPrimaryKey),
          lastAcceptedVersion: 0,
          now: recovery.now,
        });
        expect(lastAccepted.list.recoveryKey).toBe(recovery.authorityKey);
        const { primarySigningKey } = await verifyTakeover(recovery.takeover, recovery.claim, {
          expectedAccount: recovery.account,
          pinnedPrimaryKey: decode(recovery.pinnedPrimaryKey),
          lastAccepted: lastAccepted.list,
          now: recovery.now,
        });
        expect(B64u.encode(primarySigningKey)).toBe(B64u.encode((await identityKeys(file, recovery.newPrimary)).signingKey));
      });

      it('has an invalid takeover for each of bad-recovery-claim, bad-signature and stale-version', () => {
        expect(new Set(recovery.invalidTakeovers.map((c) => c.reason))).toEqual(new Set(['bad-recovery-claim', 'bad-signature', 'stale-version']));
      });

      recovery.invalidTakeovers.forEach((c, index) => {
        it(`invalid takeover #${index} is refused as '${c.reason}' (${c.description})`, async () => {
          const verifying = verifyTakeover(c.takeover, c.claim, {
            expectedAccount: recovery.account,
            pinnedPrimaryKey: decode(recovery.pinnedPrimaryKey),
            lastAccepted: recovery.lastAccepted.list,
            now: recovery.now,
          });
          await expect(verifying).rejects.toBeInstanceOf(DeviceListError);
          await expect(verifying).rejects.toHaveProperty('reason', c.reason);
        });
      });
    });
  });
}
