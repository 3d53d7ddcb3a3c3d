import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api';
import type { Agent, Team } from '../../src/lib/routingTypes';
import {
  agentStatusText,
  cannedCounter,
  cannedSavePlan,
  deleteTeamText,
  describeServerError,
  hoursOf,
  isAdminRole,
  loadBar,
  membersOf,
  membershipChanges,
  moveItem,
  normalizeShortcut,
  parseCapacity,
  policyLabel,
  POLICIES,
  serverFieldErrors,
  sortAgents,
  stickyText,
  teamDraftOf,
  teamWarning,
  topicDraftsOf,
  upsertAgent,
  validateCanned,
  validateTeam,
  validateTopics,
  type TopicDraft,
} from '../../src/lib/settingsLogic';

const agent = (deviceId: string, extra: Partial<Agent> = {}): Agent => ({
  deviceId,
  person: `Person ${deviceId}`,
  label: 'Chrome on Linux',
  role: 'agent',
  status: 'available',
  online: true,
  load: 0,
  capacity: 5,
  teamIds: [],
  lastAssignedAt: null,
  ...extra,
});

const team = (id: string, extra: Partial<Team> = {}): Team => ({
  id,
  name: `Team ${id}`,
  policy: 'least_loaded',
  sticky: true,
  stickyForSeconds: 86400,
  memberIds: [],
  ...extra,
});

describe('isAdminRole', () => {
  it('lets owners and admins change settings, nobody else', () => {
    expect(isAdminRole('owner')).toBe(true);
    expect(isAdminRole('admin')).toBe(true);
    expect(isAdminRole('supervisor')).toBe(false);
    expect(isAdminRole('agent')).toBe(false);
    expect(isAdminRole(undefined)).toBe(false);
  });
});

describe('server errors', () => {
  it('names the refused fields of validation_failed', () => {
    const error = new ApiError(400, 'validation_failed', 'Some fields are missing or invalid.', { fields: { name: 'must not be blank', x: 3 } });
    expect(serverFieldErrors(error)).toEqual({ name: 'must not be blank' });
    expect(describeServerError(error)).toBe('Some fields are missing or invalid. (name: must not be blank)');
  });

  it('explains role_required in the words of this page', () => {
    expect(describeServerError(new ApiError(403, 'role_required', 'Role admin required.'))).toBe('Only owners and admins can change these settings.');
  });

  it('passes other messages through', () => {
    expect(describeServerError(new ApiError(404, 'team_not_found', 'No such team.'))).toBe('No such team.');
    expect(describeServerError(new Error('boom'))).toBe('boom');
    expect(serverFieldErrors(new Error('x'))).toEqual({});
  });
});

describe('policies', () => {
  it('has the three policies, each with an explanation', () => {
    expect(POLICIES.map((p) => p.value)).toEqual(['manual', 'round_robin', 'least_loaded']);
    for (const policy of POLICIES) expect(policy.explanation.length).toBeGreaterThan(20);
    expect(policyLabel('round_robin')).toBe('Round robin');
    expect(policyLabel('weird')).toBe('weird');
  });
});

describe('sticky hours', () => {
  it('shows hours without false precision', () => {
    expect(hoursOf(86400)).toBe('24');
    expect(hoursOf(5400)).toBe('1.5');
    expect(hoursOf(1000)).toBe('0.28');
    expect(stickyText({ sticky: true, stickyForSeconds: 3600 })).toBe('Sticky for 1 hour');
    expect(stickyText({ sticky: true, stickyForSeconds: 7200 })).toBe('Sticky for 2 hours');
    expect(stickyText({ sticky: false, stickyForSeconds: 7200 })).toBe('Not sticky');
  });
});

describe('validateTeam', () => {
  const draft = (extra: Partial<ReturnType<typeof teamDraftOf>> = {}) => ({ ...teamDraftOf(null), name: 'Billing', ...extra });

  it('starts new teams least loaded and sticky for a day', () => {
    expect(teamDraftOf(null)).toEqual({ name: '', policy: 'least_loaded', sticky: true, stickyHours: '24' });
    expect(teamDraftOf(team('t', { policy: 'manual', sticky: false, stickyForSeconds: 1800 }))).toEqual({ name: 'Team t', policy: 'manual', sticky: false, stickyHours: '0.5' });
  });

  it('builds the request body from a valid form', () => {
    expect(validateTeam(draft({ name: '  Billing  ', stickyHours: '2' }), [], null)).toEqual({
      ok: true,
      body: { name: 'Billing', policy: 'least_loaded', sticky: true, stickyForSeconds: 7200 },
    });
    expect(validateTeam(draft({ stickyHours: '1,5' }), [], null)).toMatchObject({ ok: true, body: { stickyForSeconds: 5400 } });
  });

  it('requires a name of at most 60 characters', () => {
    expect(validateTeam(draft({ name: '  ' }), [], null)).toMatchObject({ ok: false, errors: { name: 'Enter a name for the team.' } });
    expect(validateTeam(draft({ name: 'x'.repeat(61) }), [], null)).toMatchObject({ ok: false, errors: { name: expect.stringContaining('60') } });
    expect(validateTeam(draft({ name: 'x'.repeat(60) }), [], null).ok).toBe(true);
  });

  it('refuses a second team of the same name, but not the team itself', () => {
    const teams = [team('a', { name: 'Billing' })];
    expect(validateTeam(draft({ name: 'billing' }), teams, null)).toMatchObject({ ok: false, errors: { name: expect.stringContaining('already') } });
    expect(validateTeam(draft({ name: 'Billing' }), teams, 'a').ok).toBe(true);
  });

  it('requires a known policy', () => {
    expect(validateTeam(draft({ policy: 'random' }), [], null)).toMatchObject({ ok: false, errors: { policy: expect.any(String) } });
  });

  it('checks the hours only while sticky is on', () => {
    for (const hours of ['', 'abc', '0', '-1', '721', '0.05']) {
      expect(validateTeam(draft({ stickyHours: hours }), [], null)).toMatchObject({ ok: false, errors: { stickyHours: expect.any(String) } });
    }
    expect(validateTeam(draft({ stickyHours: '720' }), [], null)).toMatchObject({ ok: true, body: { stickyForSeconds: 720 * 3600 } });
    // off: an unusable value keeps the previous duration instead of blocking the save
    expect(validateTeam(draft({ sticky: false, stickyHours: 'abc' }), [], null, 1800)).toEqual({
      ok: true,
      body: { name: 'Billing', policy: 'least_loaded', sticky: false, stickyForSeconds: 1800 },
    });
    expect(validateTeam(draft({ sticky: false, stickyHours: '3' }), [], null, 1800)).toMatchObject({ ok: true, body: { stickyForSeconds: 10800 } });
  });
});

describe('teamWarning', () => {
  it('warns that chats wait when a team has no members', () => {
    expect(teamWarning(team('t'), [agent('a')])).toContain('chats for this team will wait');
  });

  it('warns when no member could take a chat now', () => {
    const members = team('t', { memberIds: ['a', 'b'] });
    expect(teamWarning(members, [agent('a', { online: false }), agent('b', { status: 'away' })])).toContain('No member is online and available');
    expect(teamWarning(members, [agent('a', { online: false }), agent('b')])).toBeNull();
  });
});

describe('membership', () => {
  it('reads members from the agents once they are loaded', () => {
    const t = team('t', { memberIds: ['old'] });
    expect(membersOf(t, [])).toEqual(['old']);
    expect(membersOf(t, [agent('a', { teamIds: ['t'] }), agent('b')])).toEqual(['a']);
  });

  it('sends only the agents whose membership changes, whole', () => {
    const agents = [agent('a', { teamIds: ['t', 'u'], capacity: 3 }), agent('b', { teamIds: ['u'] }), agent('c', { teamIds: ['t'] })];
    expect(membershipChanges(agents, 't', new Set(['b', 'c']))).toEqual([
      { deviceId: 'a', body: { capacity: 3, teamIds: ['u'] } },
      { deviceId: 'b', body: { capacity: 5, teamIds: ['u', 't'] } },
    ]);
    expect(membershipChanges(agents, 't', new Set(['a', 'c']))).toEqual([]);
  });
});

describe('deleteTeamText', () => {
  it('says what goes with the team', () => {
    const t = team('t', { name: 'Billing' });
    expect(deleteTeamText(t, [])).toBe('Chats of \u201cBilling\u201d lose their team and go to any agent. This cannot be undone.');
    expect(deleteTeamText(t, [{ teamId: 't', label: 'Invoices' }, { teamId: 'x', label: 'Other' }])).toContain('The topic \u201cInvoices\u201d is deleted with it.');
    expect(deleteTeamText(t, [{ teamId: 't', label: 'A' }, { teamId: 't', label: 'B' }, { teamId: 't', label: 'C' }])).toMatch(/The topics \u201cA\u201d, \u201cB\u201d,? and \u201cC\u201d are deleted with it\./); // the list as the locale writes it (en-US adds a serial comma)
  });
});

describe('validateTopics', () => {
  const teams = [team('t1'), team('t2')];
  const row = (label: string, extra: Partial<TopicDraft> = {}): TopicDraft => ({ key: label, label, teamId: 't1', priority: '0', ...extra });

  it('builds the body in the shown order, keeping ids of existing topics', () => {
    expect(validateTopics([row('Billing', { id: 'x1', priority: '3' }), row(' Delivery ', { teamId: 't2', priority: '' })], teams)).toEqual({
      ok: true,
      body: {
        topics: [
          { id: 'x1', label: 'Billing', teamId: 't1', priority: 3 },
          { label: 'Delivery', teamId: 't2', priority: 0 },
        ],
      },
    });
  });

  it('accepts an empty menu (no topics: the chat page asks nothing)', () => {
    expect(validateTopics([], teams)).toEqual({ ok: true, body: { topics: [] } });
  });

  it('marks the rows and fields that are wrong', () => {
    const result = validateTopics([row(''), row('x'.repeat(41)), row('Ok', { teamId: 'gone' }), row('Fine', { priority: '11' }), row('Neg', { priority: '-1' })], teams);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rowErrors[0]).toEqual({ label: 'Enter the text customers see.' });
    expect(result.rowErrors[1]!.label).toContain('40');
    expect(result.rowErrors[2]).toEqual({ teamId: expect.any(String) });
    expect(result.rowErrors[3]).toEqual({ priority: 'A whole number from 0 to 10.' });
    expect(result.rowErrors[4]).toEqual({ priority: 'A whole number from 0 to 10.' });
  });

  it('refuses two topics with the same text', () => {
    const result = validateTopics([row('Billing'), row('billing')], teams);
    expect(result).toMatchObject({ ok: false, rowErrors: [{}, { label: 'Same text as topic 1.' }] });
  });

  it('allows at most 8 topics', () => {
    const rows = Array.from({ length: 9 }, (_, i) => row(`T${i}`));
    expect(validateTopics(rows, teams)).toMatchObject({ ok: false, error: expect.stringContaining('at most 8') });
    expect(validateTopics(rows.slice(0, 8), teams).ok).toBe(true);
  });

  it('turns stored topics into rows', () => {
    expect(topicDraftsOf([{ id: 'a', label: 'L', teamId: 't1', priority: 4 }])).toEqual([{ key: 'a', id: 'a', label: 'L', teamId: 't1', priority: '4' }]);
  });
});

describe('moveItem', () => {
  it('moves up and down without changing the input', () => {
    const items = ['a', 'b', 'c'];
    expect(moveItem(items, 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(items, 1, 1)).toEqual(['a', 'c', 'b']);
    expect(items).toEqual(['a', 'b', 'c']);
  });

  it('keeps the order at the ends', () => {
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});

describe('agents', () => {
  it('accepts capacities 1 to 50', () => {
    expect(parseCapacity(' 7 ')).toEqual({ ok: true, value: 7 });
    expect(parseCapacity('1')).toEqual({ ok: true, value: 1 });
    expect(parseCapacity('50')).toEqual({ ok: true, value: 50 });
    for (const bad of ['0', '51', '', '2.5', 'x', '-3']) expect(parseCapacity(bad).ok).toBe(false);
  });

  it('draws the load bar capped, and says when over capacity', () => {
    expect(loadBar(2, 5)).toEqual({ fraction: 0.4, text: '2 of 5 chats', full: false, over: false });
    expect(loadBar(5, 5)).toMatchObject({ fraction: 1, full: true, over: false });
    expect(loadBar(7, 5)).toMatchObject({ fraction: 1, full: true, over: true });
    expect(loadBar(0, 0).fraction).toBe(0);
  });

  it('puts presence before the manual status', () => {
    expect(agentStatusText({ online: true, status: 'available' })).toBe('Available');
    expect(agentStatusText({ online: true, status: 'away' })).toBe('Away');
    expect(agentStatusText({ online: false, status: 'away' })).toBe('Offline');
    expect(agentStatusText({ online: false, status: 'available' })).toContain('Offline');
  });

  it('sorts by person, then device', () => {
    const sorted = sortAgents([agent('3', { person: 'Bruno', label: 'B' }), agent('1', { person: 'Ana' }), agent('2', { person: 'Bruno', label: 'A' })]);
    expect(sorted.map((a) => a.deviceId)).toEqual(['1', '2', '3']);
  });

  it('applies agent frames in place or adds new agents', () => {
    const agents = [agent('a', { person: 'Ana' }), agent('c', { person: 'Carla' })];
    expect(upsertAgent(agents, agent('a', { person: 'Ana', load: 3 })).map((a) => [a.deviceId, a.load])).toEqual([
      ['a', 3],
      ['c', 0],
    ]);
    expect(upsertAgent(agents, agent('b', { person: 'Bruno' })).map((a) => a.deviceId)).toEqual(['a', 'b', 'c']);
  });
});

describe('canned replies', () => {
  const existing = [{ shortcut: 'greeting', text: 'Hello!' }];

  it('normalizes what agents type', () => {
    expect(normalizeShortcut('  /Greeting ')).toBe('greeting');
  });

  it('validates the shortcut and the text', () => {
    expect(validateCanned({ shortcut: '/Thanks', text: ' Thank you! ' }, existing, null)).toEqual({ ok: true, shortcut: 'thanks', text: 'Thank you!' });
    expect(validateCanned({ shortcut: '', text: 'x' }, existing, null)).toMatchObject({ ok: false, errors: { shortcut: expect.any(String) } });
    expect(validateCanned({ shortcut: '-x', text: 'x' }, existing, null)).toMatchObject({ ok: false, errors: { shortcut: expect.stringContaining('Start with') } });
    expect(validateCanned({ shortcut: 'a b', text: 'x' }, existing, null)).toMatchObject({ ok: false, errors: { shortcut: expect.any(String) } });
    expect(validateCanned({ shortcut: 'a'.repeat(33), text: 'x' }, existing, null)).toMatchObject({ ok: false, errors: { shortcut: expect.stringContaining('32') } });
    expect(validateCanned({ shortcut: 'a'.repeat(32), text: 'x' }, existing, null).ok).toBe(true);
    expect(validateCanned({ shortcut: 'ok', text: '   ' }, existing, null)).toMatchObject({ ok: false, errors: { text: 'Enter the reply text.' } });
    expect(validateCanned({ shortcut: 'ok', text: 'x'.repeat(2001) }, existing, null)).toMatchObject({ ok: false, errors: { text: expect.stringContaining('2000') } });
    expect(validateCanned({ shortcut: 'ok', text: 'x'.repeat(2000) }, existing, null).ok).toBe(true);
  });

  it('does not overwrite another reply by adding one with its shortcut', () => {
    expect(validateCanned({ shortcut: 'greeting', text: 'Hi' }, existing, null)).toMatchObject({ ok: false, errors: { shortcut: expect.stringContaining('exists') } });
    expect(validateCanned({ shortcut: 'greeting', text: 'Hi' }, existing, 'greeting').ok).toBe(true);
  });

  it('renames by writing the new shortcut before deleting the old', () => {
    expect(cannedSavePlan(null, 'hi')).toEqual({ put: 'hi', remove: null });
    expect(cannedSavePlan('hi', 'hi')).toEqual({ put: 'hi', remove: null });
    expect(cannedSavePlan('hi', 'hello')).toEqual({ put: 'hello', remove: 'hi' });
  });

  it('counts characters against the limit', () => {
    expect(cannedCounter('abc')).toEqual({ text: '3 / 2000', over: false });
    expect(cannedCounter('x'.repeat(2001)).over).toBe(true);
  });
});
