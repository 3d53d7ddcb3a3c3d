import { t } from '../i18n';
import { roleLabel } from './roles';
import type { AuditEntry } from './types';

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function methodWords(method: unknown): string {
  return method === 'code' ? t('devices:audit.byCode') : method === 'qr' ? t('devices:audit.byQr') : t('devices:audit.byLink');
}

/**
 * The audit action in words, in the interface language. `personOf` names a device id (or returns null when unknown).
 */
export function describeAuditAction(entry: AuditEntry, personOf: (deviceId: string | null) => string | null): string {
  const details = entry.details ?? {};
  const subject = personOf(entry.subjectDeviceId) ?? text(details.person) ?? t('devices:audit.aDevice');
  const role = text(details.role);
  const asRole = role ? t('devices:audit.asRole', { role: roleLabel(role) }) : '';
  switch (entry.action) {
    case 'account.setup': {
      const number = text(details.businessNumber);
      return number ? t('devices:audit.setupFor', { number }) : t('devices:audit.setup');
    }
    case 'link.approved':
      return t('devices:audit.approved', { subject, asRole, method: methodWords(details.method) });
    case 'link.completed':
      return t('devices:audit.completed', { subject, asRole });
    case 'link.refused':
      switch (details.reason) {
        case 'companion-limit':
          return t('devices:audit.refusedLimit', { subject, limit: text(details.limit) ?? '?' });
        case 'pairing-attempts-exceeded':
          return t('devices:audit.refusedCodes', { subject });
        case 'declined':
          return t('devices:audit.declined', { subject });
        default:
          return t('devices:audit.refused', { subject });
      }
    case 'device.removed':
      return details.reason === 'self' ? t('devices:audit.removedSelf', { subject }) : t('devices:audit.removed', { subject });
    case 'device.auto-logout':
      return t('devices:audit.autoLogout', { subject });
    case 'device-list.signed': {
      const removed = Array.isArray(details.removed) ? details.removed.length : 0;
      const version = text(details.version);
      const roles = details.roles && typeof details.roles === 'object' ? Object.entries(details.roles as Record<string, unknown>) : [];
      let sentence = version ? t('devices:audit.signedVersion', { version }) : t('devices:audit.signed');
      if (removed > 0) sentence += ` ${t('devices:audit.signedRemoved', { count: removed })}`;
      for (const [deviceId, newRole] of roles) {
        sentence += ` ${t('devices:audit.signedRole', { person: personOf(deviceId) ?? t('devices:audit.aDevice'), role: roleLabel(String(newRole)) })}`;
      }
      return sentence;
    }
    case 'passkey.added':
      return t('devices:audit.passkeyAdded', { name: text(details.name) ?? '?' });
    case 'passkey.removed':
      return t('devices:audit.passkeyRemoved', { name: text(details.name) ?? '?' });
    case 'recovery.started':
      return t('recovery:audit.started', { person: text(details.person) ?? '?', label: text(details.label) ?? '?' });
    case 'recovery.cancelled':
      return t('recovery:audit.cancelled');
    case 'recovery.completed':
      return details.reset === true ? t('recovery:audit.resetCompleted') : t('recovery:audit.completed');
    case 'account.reset':
      return t('recovery:audit.reset');
    default:
      return entry.action;
  }
}
