import type { Bytes } from './bytes';
import { deviceIdOf } from './deviceId';
import { fingerprintOf } from './fingerprint';
import { labelled, type Label } from './labels';
import {
  ed25519Sign,
  exportRawPublicKey,
  importEd25519PublicKey,
  importEd25519Seed,
  importX25519Private,
  importX25519PublicKey,
  publicKeyOfExtractablePrivate,
} from './primitives';

/**
 * A device's identity (protocol §3): an Ed25519 signing key pair and a separate X25519 agreement key
 * pair. The key pairs are plain CryptoKeyPairs so they can be stored in IndexedDB as they are.
 */
export class DeviceKeys {
  private constructor(
    readonly signingKeyPair: CryptoKeyPair,
    readonly agreementKeyPair: CryptoKeyPair,
    /** Raw 32-byte Ed25519 public key. */
    readonly signingKey: Bytes,
    /** Raw 32-byte X25519 public key. */
    readonly agreementKey: Bytes,
    readonly deviceId: string,
  ) {}

  /** New identity whose private halves can never be exported. */
  static async generate(): Promise<DeviceKeys> {
    const subtle = globalThis.crypto.subtle;
    const signing = (await subtle.generateKey('Ed25519', false, ['sign', 'verify'])) as CryptoKeyPair;
    const agreement = (await subtle.generateKey('X25519', false, ['deriveBits'])) as CryptoKeyPair;
    return DeviceKeys.fromKeyPairs(signing, agreement);
  }

  /** Rebuilds the identity from key pairs kept in storage. */
  static async fromKeyPairs(signing: CryptoKeyPair, agreement: CryptoKeyPair): Promise<DeviceKeys> {
    const signingKey = await exportRawPublicKey(signing.publicKey);
    const agreementKey = await exportRawPublicKey(agreement.publicKey);
    return new DeviceKeys(signing, agreement, signingKey, agreementKey, await deviceIdOf(signingKey));
  }

  /** Fixed identity from raw private keys: for tests and golden vectors only. */
  static async fromPrivate(signingSeed: Bytes, agreementPrivate: Bytes): Promise<DeviceKeys> {
    const signingKey = await publicKeyOfExtractablePrivate(await importEd25519Seed(signingSeed, true));
    const agreementKey = await publicKeyOfExtractablePrivate(await importX25519Private(agreementPrivate, true));
    return DeviceKeys.fromKeyPairs(
      { privateKey: await importEd25519Seed(signingSeed), publicKey: await importEd25519PublicKey(signingKey) },
      {
        privateKey: await importX25519Private(agreementPrivate),
        publicKey: await importX25519PublicKey(agreementKey),
      },
    );
  }

  /** Ed25519 signature over `label || 0x00 || payload`. */
  sign(label: Label, payload: Uint8Array): Promise<Bytes> {
    return ed25519Sign(this.signingKeyPair.privateKey, labelled(label, payload));
  }

  get agreementPrivateKey(): CryptoKey {
    return this.agreementKeyPair.privateKey;
  }

  fingerprint(): Promise<string> {
    return fingerprintOf(this.signingKey, this.agreementKey);
  }
}
