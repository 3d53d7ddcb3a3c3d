import { B64u } from '../../src/protocol/b64u';
import { canonicalJsonBytes } from '../../src/protocol/canonicalJson';
import { Labels } from '../../src/protocol/labels';
import type { DeviceListRejection, SignedDeviceList } from '../../src/protocol/deviceList';
import { deviceSignature, signDeviceList } from '../../src/protocol/deviceList';
import {
  authorityKeyOf,
  formatRecoveryKey,
  RECOVERY_CLAIM_TYPE,
  signRecoveryClaim,
  wrapAuthoritySeed,
  wrapForBackupAdmin,
  type RecoveryClaim,
  type SignedRecoveryClaim,
} from '../../src/protocol/recovery';
import { ACCOUNT, entryFor, fixedBytes, listOf, NOW, primaryEntry, companionEntry, type FixedIdentities } from './fixtures';

/** §11 `recovery`: the recovery key's text form, the authority key's wrap, a claim and the takeover list it allows. */
export interface RecoveryVectors {
  recoveryKey: string;
  text: string;
  account: string;
  authoritySeed: string;
  authorityKey: string;
  nonce: string;
  wrapped: string;
  /** §7.2: the identity the seed is wrapped for as backup admin, the HPKE ephemeral private key and the wrap. */
  backupAdmin: string;
  backupEphemeral: string;
  backupWrapped: string;
  now: number;
  pinnedPrimaryKey: string;
  lastAccepted: SignedDeviceList;
  claim: SignedRecoveryClaim;
  takeover: SignedDeviceList;
  newPrimary: string;
  invalidTakeovers: { reason: DeviceListRejection; description: string; claim: unknown; takeover: unknown }[];
}

const b64u = B64u.encode;

export async function buildRecoveryVectors(ids: FixedIdentities): Promise<RecoveryVectors> {
  const recoveryKey = await fixedBytes('recovery key');
  const authoritySeed = await fixedBytes('authority seed');
  const nonce = await fixedBytes('recovery wrap nonce', 12);
  const backupEphemeral = await fixedBytes('backup admin wrap ephemeral');
  const authorityKey = b64u(await authorityKeyOf(authoritySeed));
  const primaryKey = b64u(ids.primary.keys.signingKey);

  const lastAccepted = await signDeviceList(
    listOf([primaryEntry(ids), companionEntry(ids)], { recoveryKey: authorityKey }),
    ids.primary.keys,
    { [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey) },
  );
  const newPrimary = entryFor(ids.companion2.keys, 'owner', 'Ana Lima', 'Firefox on Linux');
  const claim: RecoveryClaim = {
    type: RECOVERY_CLAIM_TYPE,
    account: ACCOUNT,
    authorityKey,
    replacedPrimaryKey: primaryKey,
    newPrimary,
    issuedAt: NOW,
  };
  const signedClaim = await signRecoveryClaim(claim, authoritySeed);
  const takeoverBody = listOf([newPrimary], { version: 3, recoveryKey: authorityKey });
  const takeover = await signDeviceList(takeoverBody, ids.companion2.keys);

  const otherSeed = await fixedBytes('other authority seed');
  const otherAuthority = b64u(await authorityKeyOf(otherSeed));
  const oldPrimarySigned = await ids.primary.keys.sign(Labels.DEVICE_LIST, canonicalJsonBytes(takeoverBody));
  const invalidTakeovers: RecoveryVectors['invalidTakeovers'] = [
    {
      reason: 'bad-recovery-claim',
      description: 'the claim is signed by an authority key the accepted list did not commit to',
      claim: await signRecoveryClaim({ ...claim, authorityKey: otherAuthority }, otherSeed),
      takeover,
    },
    {
      reason: 'bad-recovery-claim',
      description: 'the claim replaces another primary key than the pinned one',
      claim: await signRecoveryClaim({ ...claim, replacedPrimaryKey: b64u(ids.companion1.keys.signingKey) }, authoritySeed),
      takeover,
    },
    {
      reason: 'bad-recovery-claim',
      description: 'the claim was changed after signing (another new primary label)',
      claim: { claim: { ...claim, newPrimary: { ...newPrimary, label: 'Edge on Windows' } }, signature: signedClaim.signature },
      takeover,
    },
    {
      reason: 'bad-signature',
      description: 'the takeover list is signed by the old primary, not the one the claim names',
      claim: signedClaim,
      takeover: { list: takeoverBody, signature: b64u(oldPrimarySigned), deviceSignatures: {} },
    },
    {
      reason: 'stale-version',
      description: 'the takeover list does not have a version above the accepted one',
      claim: signedClaim,
      takeover: await signDeviceList({ ...takeoverBody, version: 2 }, ids.companion2.keys),
    },
  ];
  return {
    recoveryKey: b64u(recoveryKey),
    text: await formatRecoveryKey(recoveryKey),
    account: ACCOUNT,
    authoritySeed: b64u(authoritySeed),
    authorityKey,
    nonce: b64u(nonce),
    wrapped: b64u(await wrapAuthoritySeed(recoveryKey, ACCOUNT, authoritySeed, nonce)),
    backupAdmin: 'companion1',
    backupEphemeral: b64u(backupEphemeral),
    backupWrapped: b64u(await wrapForBackupAdmin(ids.companion1.keys.agreementKey, ACCOUNT, authoritySeed, { ephemeralPrivate: backupEphemeral })),
    now: NOW,
    pinnedPrimaryKey: primaryKey,
    lastAccepted,
    claim: signedClaim,
    takeover,
    newPrimary: 'companion2',
    invalidTakeovers,
  };
}
