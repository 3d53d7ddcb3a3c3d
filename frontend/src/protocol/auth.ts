import { B64u } from './b64u';
import { canonicalJsonBytes } from './canonicalJson';
import type { DeviceKeys } from './deviceKeys';
import { Labels } from './labels';

/**
 * The signature a device sends to open a session (protocol §5). Binding the page origin keeps a
 * signature obtained by a phishing page from being usable at the real one.
 */
export async function authChallengeSignature(keys: DeviceKeys, challenge: string, origin: string): Promise<string> {
  const payload = canonicalJsonBytes({ challenge, deviceId: keys.deviceId, origin });
  return B64u.encode(await keys.sign(Labels.AUTH, payload));
}
