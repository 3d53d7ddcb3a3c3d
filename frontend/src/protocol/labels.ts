import { concatBytes, utf8, type Bytes } from './bytes';

/** Domain-separation labels (protocol §9); every signature, MAC and derivation uses exactly one. */
export const Labels = {
  DEVICE_ID: 'switchboard/device-id/v1',
  FINGERPRINT: 'switchboard/fingerprint/v1',
  DEVICE_LIST: 'switchboard/device-list/v1',
  DEVICE_ENTRY: 'switchboard/device-entry/v1',
  AUTH: 'switchboard/auth/v1',
  LINK_PROOF: 'switchboard/link-proof/v1',
  PAIRING: 'switchboard/pairing/v1',
  PAIRING_CONFIRM: 'switchboard/pairing-confirm/v1',
  MESSAGE_CONTENT: 'switchboard/message-content/v1',
  KEY_WRAP: 'switchboard/key-wrap/v1',
  ENVELOPE: 'switchboard/envelope/v1',
  BLOB: 'switchboard/blob/v1',
  PASSKEY_APPROVAL: 'switchboard/passkey-approval/v1',
  RECOVERY_KEY: 'switchboard/recovery-key/v1',
  RECOVERY_WRAP: 'switchboard/recovery-wrap/v1',
  RECOVERY_CLAIM: 'switchboard/recovery-claim/v1',
  BACKUP_ADMIN_WRAP: 'switchboard/backup-admin-wrap/v1',
} as const;

export type Label = (typeof Labels)[keyof typeof Labels];

/** `"<label>" || 0x00 || payload`: the zero byte keeps a label from being extended into another. */
export function labelled(label: Label, payload: Uint8Array): Bytes {
  return concatBytes(utf8(label), new Uint8Array([0]), payload);
}
