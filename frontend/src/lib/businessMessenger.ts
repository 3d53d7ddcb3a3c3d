import type { DeviceKeys } from '../protocol';
import { updateIdentity, type StoredIdentity } from './identity';
import { ListTrust } from './listTrust';
import { Messenger } from './messaging';
import { openMessageStore } from './messageStore';
import { api } from './api';
import { ThirdPartyRooms } from './thirdPartyRooms';

/**
 * The business side's messenger on this device, as the inbox and the board both open it: the device's message
 * store, and a list trust that keeps the stored identity's accepted list current as newer lists are verified.
 */
export function openBusinessMessenger(identity: StoredIdentity, keys: DeviceKeys): { messenger: Messenger; trust: ListTrust } {
  const store = openMessageStore(keys.deviceId);
  const trust = new ListTrust({
    store,
    own: {
      owner: 'business',
      account: identity.account,
      primarySigningKey: identity.primarySigningKey,
      version: identity.listVersion,
      list: identity.acceptedList,
      onAccepted: async (list) => {
        await updateIdentity({ listVersion: list.version, acceptedList: list });
      },
    },
  });
  const thirdPartyRooms = new ThirdPartyRooms(api);
  return { messenger: new Messenger({ keys, side: 'business', store, trust, businessAccount: identity.account, thirdPartyRooms }), trust };
}
