import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ASSIGNABLE_ROLES, canSupervise, isAdmin, isAssignableRole, isRole, roleLabel } from '../../src/lib/roles';

describe('roles', () => {
  afterEach(() => setLanguage('en'));

  it('lets owners and admins administer, and supervisors also oversee', () => {
    expect(['owner', 'admin', 'supervisor', 'agent', 'member', null].map(isAdmin)).toEqual([true, true, false, false, false, false]);
    expect(['owner', 'admin', 'supervisor', 'agent', 'member', undefined].map(canSupervise)).toEqual([true, true, true, false, false, false]);
  });

  it('offers only companion roles to give, never owner', () => {
    expect(ASSIGNABLE_ROLES).toEqual(['agent', 'supervisor', 'admin']);
    expect(isAssignableRole('owner')).toBe(false);
    expect(isAssignableRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
  });

  it('names roles in the interface language and shows unknown ones as they are', () => {
    expect(roleLabel('supervisor')).toBe('Supervisor');
    setLanguage('de');
    expect(roleLabel('owner')).toBe('Inhaber');
    expect(roleLabel('supervisor')).toBe('Teamleitung');
    expect(roleLabel('auditor')).toBe('auditor');
  });
});
