export { authChallengeSignature } from './auth';
export { B64u } from './b64u';
export { BLOB_OVERHEAD, Blobs, decryptBlob, encryptBlob, generateBlobKey, type BlobOptions } from './blobs';
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
export {
  CONTENT_KEY_LENGTH,
  contentAad,
  decryptContent,
  envelopeJson,
  envelopeRecipients,
  EnvelopeError,
  isInternalKind,
  envelopeSignature,
  envelopeSignaturePayload,
  keyWrapAad,
  keyWrapInfo,
  MESSAGE_KINDS,
  MESSAGE_TYPE,
  messageSender,
  newClientMessageId,
  openEnvelope,
  parseEnvelope,
  parseMessageHeader,
  receiveEnvelope,
  rewrapContentKey,
  sealEnvelope,
  unwrapContentKey,
  verifyEnvelope,
  WRAP_LENGTH,
  type ConversationLists,
  type EnvelopeRejection,
  type MessageEnvelope,
  type MessageHeader,
  type MessageKind,
  type SealEnvelopeOptions,
  type WrapOptions,
} from './envelope';
export { fingerprintOf } from './fingerprint';
export { Hpke, type HpkeRecipient, type HpkeSealed, type HpkeSealOptions } from './hpke';
export { Labels, labelled, type Label } from './labels';
export { formatLinkQr, parseLinkQr, type LinkQr } from './linkQr';
export { linkProof, verifyLinkProof, type LinkProofFields } from './linkProof';
export { listSubject, passkeyApprovalChallenge, type PasskeyChange } from './passkeyApproval';
export {
  contentText,
  encodeMessageContent,
  parseMessageContent,
  textContent,
  type Attachment,
  type BlobReference,
  type MessageContent,
} from './messageContent';
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
export {
  authorityKeyOf,
  formatRecoveryKey,
  generateRecoveryKey,
  parseRecoveryKey,
  RECOVERY_CLAIM_TYPE,
  signRecoveryClaim,
  unwrapAsBackupAdmin,
  unwrapAuthoritySeed,
  verifyRecoveryClaim,
  wrapForBackupAdmin,
  verifyTakeover,
  wrapAuthoritySeed,
  type RecoveryClaim,
  type SignedRecoveryClaim,
} from './recovery';
