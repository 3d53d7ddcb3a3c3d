import { B64u } from './b64u';
import type { Bytes } from './bytes';
import { Labels, labelled } from './labels';
import { KEY_LENGTH, sha256 } from './primitives';
import { ProtocolError } from './protocolError';

const DEVICE_ID_BYTES = 16;

/** The 22-character id of the device owning this Ed25519 public key (protocol §3). */
export async function deviceIdOf(signingKey: Bytes): Promise<string> {
  if (signingKey.length !== KEY_LENGTH) {
    throw new ProtocolError('invalid-length', 'signing key must be 32 bytes');
  }
  const digest = await sha256(labelled(Labels.DEVICE_ID, signingKey));
  return B64u.encode(digest.subarray(0, DEVICE_ID_BYTES));
}
