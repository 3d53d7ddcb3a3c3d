import type { CompanionRole, DeviceRole } from '../protocol';
import { t } from '../i18n';

/**
 * A business device's role, as the signed device list states it (protocol §4). The rules about what a role
 * may do live here, once, for every page; the server applies the same rules (RoutingSettings.ADMINS,
 * Device.COMPANION_ROLES).
 */
export type Role = DeviceRole;

export const ROLES: readonly Role[] = ['owner', 'admin', 'supervisor', 'agent', 'member'];

/** The roles the owner can give a linked browser, and later change without re-linking. */
export const ASSIGNABLE_ROLES: readonly CompanionRole[] = ['agent', 'supervisor', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAssignableRole(value: unknown): value is CompanionRole {
  return typeof value === 'string' && (ASSIGNABLE_ROLES as readonly string[]).includes(value);
}

/** Owners and admins manage settings and see the activity log. */
export function isAdmin(role: string | null | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

/** Owners, admins and supervisors oversee every conversation. */
export function canSupervise(role: string | null | undefined): boolean {
  return isAdmin(role) || role === 'supervisor';
}

/** The role's name in the interface language; an unknown role is shown as it is. */
export function roleLabel(role: string): string {
  return isRole(role) && role !== 'member' ? t(`common:role.${role}`) : role;
}
