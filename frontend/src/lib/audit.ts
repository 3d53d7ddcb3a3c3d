import type { AuditEntry } from './types';
import { roleName } from './ui';

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function methodWords(method: unknown): string {
  return method === 'code' ? 'pairing code' : method === 'qr' ? 'QR code' : 'link';
}

/**
 * The audit action in words. `personOf` names a device id (or returns null when unknown).
 */
export function describeAuditAction(entry: AuditEntry, personOf: (deviceId: string | null) => string | null): string {
  const details = entry.details ?? {};
  const subject = personOf(entry.subjectDeviceId) ?? text(details.person) ?? 'a device';
  const role = text(details.role);
  switch (entry.action) {
    case 'account.setup':
      return `Set up the account${text(details.businessNumber) ? ` for ${text(details.businessNumber)}` : ''}`;
    case 'link.approved':
      return `Approved linking ${subject}${role ? ` as ${roleName(role)}` : ''} (by ${methodWords(details.method)})`;
    case 'link.completed':
      return `${subject} finished linking${role ? ` as ${roleName(role)}` : ''}`;
    case 'link.refused':
      switch (details.reason) {
        case 'companion-limit':
          return `Refused to link ${subject}: the limit of ${text(details.limit) ?? 'linked'} devices was reached`;
        case 'pairing-attempts-exceeded':
          return `Refused to link ${subject}: too many wrong pairing codes`;
        case 'declined':
          return `Declined to link ${subject}`;
        default:
          return `Refused to link ${subject}`;
      }
    case 'device.removed':
      return `Logged out ${subject}`;
    case 'device.auto-logout':
      return `${subject} was logged out automatically: the primary device was inactive for more than 14 days`;
    case 'device-list.signed': {
      const removed = Array.isArray(details.removed) ? details.removed.length : 0;
      const version = text(details.version);
      return `Signed device list${version ? ` version ${version}` : ''}${removed > 0 ? ` (removed ${removed} device${removed === 1 ? '' : 's'})` : ''}`;
    }
    default:
      return entry.action;
  }
}
