import { B64u } from './b64u';
import type { Bytes } from './bytes';
import { canonicalJsonBytes } from './canonicalJson';
import { Labels, labelled } from './labels';
import { hmacSha256, hmacSha256Verify } from './primitives';

/** What the link proof binds (protocol §6); keys are b64u as they appear on the wire. */
export interface LinkProofFields {
  ref: string;
  account: string;
  deviceId: string;
  signingKey: string;
  agreementKey: string;
  primarySigningKey: string;
  listVersion: number;
}

function linkProofMessage(fields: LinkProofFields): Bytes {
  const { ref, account, deviceId, signingKey, agreementKey, primarySigningKey, listVersion } = fields;
  return labelled(
    Labels.LINK_PROOF,
    canonicalJsonBytes({ ref, account, deviceId, signingKey, agreementKey, primarySigningKey, listVersion }),
  );
}

/** Computed by the primary with the link key LK. */
export async function linkProof(linkKey: Bytes, fields: LinkProofFields): Promise<string> {
  return B64u.encode(await hmacSha256(linkKey, linkProofMessage(fields)));
}

/** Checked by the companion; false also for a proof that is not valid b64u. */
export async function verifyLinkProof(linkKey: Bytes, fields: LinkProofFields, proof: string): Promise<boolean> {
  let mac: Bytes;
  try {
    mac = B64u.decode(proof);
  } catch {
    return false;
  }
  return hmacSha256Verify(linkKey, linkProofMessage(fields), mac);
}
