import { B64u } from './b64u';
import type { Bytes } from './bytes';
import { canonicalJsonBytes } from './canonicalJson';
import type { DeviceList } from './deviceList';
import { Labels, labelled } from './labels';
import { sha256 } from './primitives';

/** The changes an owner's passkey approves (protocol §7.1), in their wire spelling. */
export type PasskeyChange = 'link' | 'list' | 'passkey-add' | 'passkey-removal';

/** `b64u(SHA-256(CJSON(list)))`: names one list body exactly. */
export async function listSubject(list: DeviceList): Promise<string> {
  return B64u.encode(await sha256(canonicalJsonBytes(list)));
}

/** `SHA-256("switchboard/passkey-approval/v1" || 0x00 || CJSON({account, change, nonce, subject}))`, the WebAuthn challenge. */
export function passkeyApprovalChallenge(account: string, change: PasskeyChange, subject: string, nonce: string): Promise<Bytes> {
  return sha256(labelled(Labels.PASSKEY_APPROVAL, canonicalJsonBytes({ account, change, nonce, subject })));
}
