import { concatBytes, type Bytes } from './bytes';
import { Labels, labelled } from './labels';
import { KEY_LENGTH, sha256 } from './primitives';
import { ProtocolError } from './protocolError';

const GROUPS = 8;
const BITS_PER_GROUP = 20;

/** Eight 5-digit groups people read aloud to compare a device's two public keys (protocol §3). */
export async function fingerprintOf(signingKey: Bytes, agreementKey: Bytes): Promise<string> {
  if (signingKey.length !== KEY_LENGTH || agreementKey.length !== KEY_LENGTH) {
    throw new ProtocolError('invalid-length', 'keys must be 32 bytes');
  }
  const digest = await sha256(labelled(Labels.FINGERPRINT, concatBytes(signingKey, agreementKey)));
  // 160 bits fit a BigInt exactly; slicing 20-bit groups from it avoids hand-written bit shuffling.
  let bits = 0n;
  for (const byte of digest.subarray(0, (GROUPS * BITS_PER_GROUP) / 8)) bits = (bits << 8n) | BigInt(byte);
  const groups: string[] = [];
  for (let i = GROUPS - 1; i >= 0; i--) {
    const group = (bits >> BigInt(i * BITS_PER_GROUP)) & 0xfffffn;
    groups.push(String(group % 100000n).padStart(5, '0'));
  }
  return groups.join(' ');
}
