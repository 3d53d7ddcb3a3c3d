export { authChallengeSignature } from './auth';
export { B64u } from './b64u';
export { bytesEqual, randomBytes, utf8, type Bytes } from './bytes';
export { canonicalJson, canonicalJsonBytes, type JsonValue } from './canonicalJson';
export { deviceIdOf } from './deviceId';
export { DeviceKeys } from './deviceKeys';
export {
  CLOCK_SKEW_SECONDS,
  DEVICE_LIST_TYPE,
  DeviceListError,
  deviceSignature,
  LIST_VALIDITY_SECONDS,
  shouldResign,
  signDeviceList,
  verifyDeviceList,
  type CompanionRole,
  type DeviceEntry,
  type DeviceList,
  type DeviceListRejection,
  type DeviceListVerification,
  type DeviceRole,
  type SignedDeviceList,
} from './deviceList';
export { isE164, normalizeE164 } from './e164';
export { fingerprintOf } from './fingerprint';
export { Labels, labelled, type Label } from './labels';
export { formatLinkQr, parseLinkQr, type LinkQr } from './linkQr';
export { linkProof, verifyLinkProof, type LinkProofFields } from './linkProof';
export {
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
  type EphemeralKeyPair,
  type PairingConfirmFields,
  type SealParameters,
} from './pairing';
export { ProtocolError } from './protocolError';
