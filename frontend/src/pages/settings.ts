import { api, ApiError, errorMessage } from '../lib/api';
import { connectEvents } from '../lib/events';
import { loadIdentity } from '../lib/identity';
import type { Agent, CannedReply, Team, Topic } from '../lib/routingTypes';
import {
  agentStatusText,
  cannedCounter,
  cannedSavePlan,
  deleteTeamText,
  describeServerError,
  isAdminRole,
  loadBar,
  MAX_TOPICS,
  membersOf,
  membershipChanges,
  moveItem,
  parseCapacity,
  policyInfo,
  policyLabel,
  POLICIES,
  serverFieldErrors,
  sortAgents,
  stickyText,
  teamDraftOf,
  teamWarning,
  TEAM_NAME_MAX,
  TOPIC_LABEL_MAX,
  topicDraftsOf,
  upsertAgent,
  validateCanned,
  validateTeam,
  validateTopics,
  type TopicDraft,
} from '../lib/settingsLogic';
import type { DevicesView } from '../lib/types';
import { byId, confirmDialog, focusPanel, h, isLoggedOut, replaceChildren, roleName, setFieldError, setMessage, whileBusy } from '../lib/ui';

/**
 * /settings: teams and their routing policy, the topic menu of the chat page, agents' capacity and
 * canned replies (protocol §14). Owners and admins change them; every other business device sees
 * them read-only, because the server refuses their changes anyway (403 role_required).
 */

const root = byId('settings-root');

let admin = false;
let teams: Team[] = [];
let topics: Topic[] = [];
let agents: Agent[] = [];
let canned: CannedReply[] = [];

// ---------------------------------------------------------------------------------------------
// Page skeleton

interface Section {
  card: HTMLElement;
  body: HTMLElement;
  error: HTMLElement;
  status: HTMLElement;
}

function section(id: string, title: string, intro: string): Section {
  const body = h('div', { id: `${id}-body` }, h('p', { class: 'muted' }, 'Loading\u2026'));
  const error = h('p', { class: 'error', id: `${id}-error`, role: 'alert', hidden: true });
  const status = h('p', { class: 'settings-status small', id: `${id}-status`, role: 'status', 'aria-live': 'polite' });
  const card = h('section', { class: 'card settings-section', id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), h('p', { class: 'muted small' }, intro), error, body, status);
  return { card, body, error, status };
}

/**
 * Only a shown error box carries the test id, so a page with several sections still has exactly
 * one `settings-error` to look at after a refused save.
 */
function showError(box: HTMLElement, message: string | null): void {
  setMessage(box, message);
  if (message) box.dataset.testid = 'settings-error';
  else delete box.dataset.testid;
}

const statusTimers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();
function showSaved(box: HTMLElement, text: string): void {
  box.textContent = text;
  const previous = statusTimers.get(box);
  if (previous) clearTimeout(previous);
  statusTimers.set(
    box,
    setTimeout(() => {
      box.textContent = '';
    }, 5000),
  );
}

const pageError = h('p', { class: 'error', id: 'settings-page-error', role: 'alert', hidden: true });
const readOnlyNotice = h(
  'p',
  { class: 'notice', id: 'settings-readonly', 'data-testid': 'settings-readonly', hidden: true },
  h('strong', null, 'Only owners and admins can change these settings.'),
  ' You can see them here; ask an owner or admin for changes.',
);
const subtitle = h('p', { class: 'muted', id: 'settings-subtitle' });
const headerCard = h(
  'section',
  { class: 'card' },
  h('div', { class: 'card-top' }, h('h1', null, 'Settings'), h('div', { class: 'row' }, h('a', { href: '/inbox', class: 'button-link' }, 'Inbox'), h('a', { href: '/devices', class: 'button-link' }, 'Devices'))),
  subtitle,
);

const teamsSection = section('teams', 'Teams', 'A team answers the chats of its topics. Its policy decides who gets the next chat.');
const topicsSection = section('topics', 'Topics menu', `What customers can pick on the chat page under \u201cWhat can we help you with?\u201d (at most ${MAX_TOPICS}). The topic sends the chat to its team.`);
const agentsSection = section('agents', 'Agents', 'Every linked business device is an agent. Capacity is how many open chats it gets at once.');
const cannedSection = section('canned', 'Canned replies', 'Ready-made answers agents can insert while replying. They are stored on the server as plain text.');

function mountSkeleton(): void {
  replaceChildren(root, headerCard, pageError, readOnlyNotice, teamsSection.card, topicsSection.card, agentsSection.card, cannedSection.card);
}

// ---------------------------------------------------------------------------------------------
// Loading

async function loadInto<T>(path: string, target: Section, assign: (value: T) => void): Promise<boolean> {
  try {
    assign(await api.get<T>(path));
    showError(target.error, null);
    return true;
  } catch (error) {
    if (isLoggedOut()) return false;
    showError(target.error, `Could not load: ${errorMessage(error)}`);
    replaceChildren(target.body);
    return false;
  }
}

const loadTeams = () => loadInto<Team[]>('/api/teams', teamsSection, (value) => (teams = value));
const loadTopics = () =>
  loadInto<Topic[]>('/api/teams/topics', topicsSection, (value) => {
    topics = value;
    if (!topicsDirty) topicDrafts = topicDraftsOf(value);
  });
const loadAgents = () => loadInto<Agent[]>('/api/agents', agentsSection, (value) => (agents = sortAgents(value)));
const loadCanned = () => loadInto<CannedReply[]>('/api/canned-replies', cannedSection, (value) => (canned = value));

async function loadAll(): Promise<void> {
  const [teamsOk, topicsOk, agentsOk, cannedOk] = await Promise.all([loadTeams(), loadTopics(), loadAgents(), loadCanned()]);
  if (teamsOk) renderTeams();
  if (topicsOk) renderTopics();
  if (agentsOk) renderAgents();
  if (cannedOk) renderCanned();
}

function agentName(deviceId: string): string {
  const agent = agents.find((candidate) => candidate.deviceId === deviceId);
  return agent ? `${agent.person} (${agent.label})` : 'a removed device';
}

function teamName(teamId: string): string {
  return teams.find((team) => team.id === teamId)?.name ?? 'a deleted team';
}

// ---------------------------------------------------------------------------------------------
// Teams

/** Parts of each team row that change with agents' presence, updated in place so focus stays put. */
const teamRowParts = new Map<string, { members: HTMLElement; warning: HTMLElement }>();
const newTeamButton = h('button', { type: 'button', id: 'team-new', class: 'primary', 'data-testid': 'team-new', 'aria-controls': 'team-form' }, 'New team');
let teamFormHost: HTMLElement = h('div');
let closeTeamForm: (() => void) | null = null;

// Escape closes the team form from inside it, or when focus was lost to the page (a button that was disabled while saving).
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || !closeTeamForm || document.querySelector('dialog[open]')) return;
  const form = document.getElementById('team-form');
  const active = document.activeElement;
  if (form && (active === document.body || active === null || form.contains(active))) {
    event.preventDefault();
    closeTeamForm();
  }
});

function renderTeams(): void {
  teamRowParts.clear();
  const list = h('ul', { class: 'settings-list', id: 'team-list', 'data-testid': 'team-list' });
  for (const team of teams) {
    const members = h('p', { class: 'small' });
    const warning = h('p', { class: 'settings-warning small', 'data-testid': 'team-warning', hidden: true });
    teamRowParts.set(team.id, { members, warning });
    const info = policyInfo(team.policy);
    const actions = admin
      ? h(
          'div',
          { class: 'row' },
          h('button', { type: 'button', 'data-testid': 'team-edit', 'aria-label': `Edit team ${team.name}`, onclick: (event: Event) => openTeamForm(team, event.currentTarget as HTMLElement) }, 'Edit'),
          h('button', { type: 'button', class: 'danger', 'data-testid': 'team-delete', 'aria-label': `Delete team ${team.name}`, onclick: () => void deleteTeam(team) }, 'Delete'),
        )
      : null;
    list.appendChild(
      h(
        'li',
        { class: 'settings-row', 'data-testid': 'team-row', 'data-team-id': team.id },
        h(
          'div',
          { class: 'settings-row-main' },
          h('strong', { class: 'team-name' }, team.name),
          h('span', { class: 'badge' }, policyLabel(team.policy)),
          h('span', { class: 'badge' }, stickyText(team)),
          info ? h('p', { class: 'muted small' }, info.explanation) : null,
          members,
          warning,
        ),
        actions,
      ),
    );
  }
  const empty = teams.length === 0 ? h('p', { class: 'empty', 'data-testid': 'teams-empty' }, 'No teams yet. Chats without a team go to any available agent.') : null;
  replaceChildren(teamsSection.body, list, empty, admin ? h('div', { class: 'row' }, newTeamButton) : null, teamFormHost);
  if (teams.length === 0) list.hidden = true;
  refreshTeamRows();
}

function refreshTeamRows(): void {
  for (const team of teams) {
    const parts = teamRowParts.get(team.id);
    if (!parts) continue;
    const memberIds = membersOf(team, agents);
    parts.members.textContent = memberIds.length === 0 ? 'Members: none' : `Members: ${memberIds.map(agentName).join(', ')}`;
    const warning = teamWarning({ memberIds }, agents);
    parts.warning.textContent = warning ?? '';
    parts.warning.hidden = !warning;
  }
}

newTeamButton.addEventListener('click', () => openTeamForm(null, newTeamButton));

function openTeamForm(team: Team | null, opener: HTMLElement): void {
  const draft = teamDraftOf(team);
  const error = h('p', { class: 'error', id: 'team-form-error', role: 'alert', hidden: true });
  const name = h('input', { id: 'team-name', 'data-testid': 'team-name', name: 'name', maxlength: TEAM_NAME_MAX + 20, required: true, autocomplete: 'off', value: draft.name });
  const policyHelp = h('small', { id: 'team-policy-help', class: 'muted' });
  const policy = h(
    'select',
    { id: 'team-policy', 'data-testid': 'team-policy', name: 'policy', 'aria-describedby': 'team-policy-help' },
    ...POLICIES.map((info) => h('option', { value: info.value, selected: info.value === draft.policy }, info.label)),
  );
  const explain = () => {
    policyHelp.textContent = policyInfo(policy.value)?.explanation ?? '';
  };
  policy.addEventListener('change', explain);
  explain();

  const sticky = h('input', { type: 'checkbox', id: 'team-sticky', 'data-testid': 'team-sticky', name: 'sticky', checked: draft.sticky, 'aria-describedby': 'team-sticky-help' });
  const hours = h('input', { id: 'team-sticky-hours', 'data-testid': 'team-sticky-hours', name: 'stickyHours', inputmode: 'decimal', class: 'settings-number', value: draft.stickyHours, 'aria-label': 'Sticky for how many hours' });
  const syncSticky = () => {
    hours.disabled = !sticky.checked;
    if (!sticky.checked) setFieldError(hours, null);
  };
  sticky.addEventListener('change', syncSticky);
  syncSticky();

  const selected = new Set(team ? membersOf(team, agents) : []);
  const memberWarning = h('p', { class: 'settings-warning small', id: 'team-members-warning', role: 'status' });
  const syncMemberWarning = () => {
    memberWarning.textContent = selected.size === 0 ? 'No members selected \u2014 chats for this team will wait until someone is added.' : '';
    memberWarning.hidden = selected.size === 0 ? false : true;
  };
  const memberBoxes = agents.map((agent) =>
    h(
      'label',
      null,
      h('input', {
        type: 'checkbox',
        'data-testid': 'team-member',
        'data-device-id': agent.deviceId,
        checked: selected.has(agent.deviceId),
        onchange: (event: Event) => {
          if ((event.currentTarget as HTMLInputElement).checked) selected.add(agent.deviceId);
          else selected.delete(agent.deviceId);
          syncMemberWarning();
        },
      }),
      `${agent.person} `,
      h('span', { class: 'muted small' }, `${agent.label} \u00b7 ${roleName(agent.role)}`),
    ),
  );
  syncMemberWarning();

  const save = h('button', { type: 'submit', class: 'primary', id: 'team-save', 'data-testid': 'team-save' }, team ? 'Save team' : 'Create team');
  const cancel = h('button', { type: 'button', id: 'team-cancel' }, 'Cancel');
  const title = h('h3', { id: 'team-form-title', tabindex: -1 }, team ? `Edit team \u201c${team.name}\u201d` : 'New team');
  const form = h(
    'form',
    { class: 'form wide card panel settings-form', id: 'team-form', 'data-testid': 'team-form', novalidate: true, 'aria-labelledby': 'team-form-title' },
    title,
    h('label', { for: 'team-name' }, 'Name', name),
    h('label', { for: 'team-policy' }, 'How chats are assigned', policy, policyHelp),
    h(
      'div',
      { class: 'settings-sticky' },
      h('label', { class: 'settings-inline', for: 'team-sticky' }, sticky, 'Sticky: give a returning customer their previous agent'),
      h('span', { class: 'settings-inline' }, 'for', hours, 'hours'),
      h('small', { id: 'team-sticky-help', class: 'muted' }, 'When that agent can take it, and their last chat with the customer ended less than this long ago.'),
    ),
    h(
      'fieldset',
      { class: 'choice' },
      h('legend', null, 'Members'),
      ...(memberBoxes.length > 0 ? memberBoxes : [h('p', { class: 'muted small' }, 'No agents yet \u2014 link business devices on the Devices page first.')]),
      memberWarning,
    ),
    h('div', { class: 'row' }, save, cancel),
    error,
  );

  const close = () => {
    closeTeamForm = null;
    replaceChildren(teamFormHost);
    // The list is re-rendered while the form is open, so the opener may be a fresh copy of itself.
    const again = team ? teamsSection.body.querySelector<HTMLElement>(`[data-team-id="${CSS.escape(team.id)}"] [data-testid="team-edit"]`) : null;
    (opener.isConnected ? opener : again ?? newTeamButton).focus();
  };
  closeTeamForm = close;
  cancel.addEventListener('click', close);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(error, null);
    const result = validateTeam({ name: name.value, policy: policy.value, sticky: sticky.checked, stickyHours: hours.value }, teams, team?.id ?? null, team?.stickyForSeconds);
    setFieldError(name, result.ok ? null : result.errors.name ?? null);
    setFieldError(policy, result.ok ? null : result.errors.policy ?? null);
    setFieldError(hours, result.ok ? null : result.errors.stickyHours ?? null);
    if (!result.ok) {
      (result.errors.name ? name : result.errors.policy ? policy : hours).focus();
      return;
    }
    // The disabled save button drops focus; put it back where the person can go on (Escape included).
    const focusAfter = await whileBusy(save, 'Saving\u2026', async (): Promise<HTMLElement | null> => {
      let saved: Team;
      try {
        saved = team ? await api.put<Team>(`/api/teams/${encodeURIComponent(team.id)}`, result.body) : await api.post<Team>('/api/teams', result.body);
      } catch (failure) {
        const fields = serverFieldErrors(failure);
        if (failure instanceof ApiError && failure.code === 'team_exists') fields.name = failure.message;
        if (fields.name) setFieldError(name, fields.name);
        if (fields.stickyForSeconds) setFieldError(hours, fields.stickyForSeconds);
        showError(error, describeServerError(failure));
        return fields.name ? name : fields.stickyForSeconds ? hours : save;
      }
      // Membership is stored on each agent; the team itself is saved even if one of these fails.
      const failures: string[] = [];
      for (const update of membershipChanges(agents, saved.id, selected)) {
        try {
          const agent = await api.put<Agent>(`/api/agents/${encodeURIComponent(update.deviceId)}`, update.body);
          agents = upsertAgent(agents, agent);
        } catch (failure) {
          failures.push(`${agentName(update.deviceId)}: ${describeServerError(failure)}`);
        }
      }
      await Promise.all([loadTeams(), loadAgents()]);
      renderTeams();
      renderAgents();
      renderTopics();
      if (failures.length > 0) {
        // Reopen the form on the saved team (a new one now exists) so the membership can be tried again.
        const stored = teams.find((candidate) => candidate.id === saved.id);
        if (stored) openTeamForm(stored, opener);
        const box = document.getElementById('team-form-error');
        if (box) showError(box, `The team was saved, but some members could not be changed. ${failures.join(' ')}`);
        return document.getElementById('team-save');
      }
      showSaved(teamsSection.status, team ? `Team \u201c${saved.name}\u201d saved.` : `Team \u201c${saved.name}\u201d created.`);
      closeTeamForm = null;
      replaceChildren(teamFormHost);
      return teamsSection.body.querySelector<HTMLElement>(`[data-team-id="${CSS.escape(saved.id)}"] button`) ?? newTeamButton;
    });
    focusAfter?.focus();
  });

  teamFormHost = h('div', { id: 'team-form-host' }, form);
  renderTeams();
  focusPanel(form, name);
}

async function deleteTeam(team: Team): Promise<void> {
  const confirmed = await confirmDialog(`Delete the team \u201c${team.name}\u201d?`, deleteTeamText(team, topics), 'Delete team');
  if (!confirmed) return;
  showError(teamsSection.error, null);
  try {
    await api.delete(`/api/teams/${encodeURIComponent(team.id)}`);
  } catch (failure) {
    showError(teamsSection.error, describeServerError(failure));
    return;
  }
  if (closeTeamForm) closeTeamForm();
  // Its topics are gone on the server; drop them from an unsaved menu too, or saving would refuse.
  topicDrafts = topicDrafts.filter((row) => row.teamId !== team.id);
  await Promise.all([loadTeams(), loadTopics(), loadAgents()]);
  renderTeams();
  renderTopics();
  renderAgents();
  showSaved(teamsSection.status, `Team \u201c${team.name}\u201d deleted.`);
  newTeamButton.focus();
}

// ---------------------------------------------------------------------------------------------
// Topics

let topicDrafts: TopicDraft[] = [];
let topicsDirty = false;
let newTopicCounter = 0;

function markTopicsDirty(): void {
  topicsDirty = true;
  const flag = document.getElementById('topics-dirty');
  if (flag) flag.hidden = false;
}

function renderTopics(focus?: { key: string; part: string }): void {
  if (!admin) {
    const list = h('ol', { class: 'settings-list' });
    for (const topic of topics) {
      list.appendChild(h('li', { class: 'settings-row', 'data-testid': 'topic-row' }, h('div', { class: 'settings-row-main' }, h('strong', null, topic.label), ` \u2192 ${teamName(topic.teamId)}`, h('span', { class: 'badge' }, `priority ${topic.priority}`))));
    }
    replaceChildren(topicsSection.body, topics.length > 0 ? list : h('p', { class: 'empty', 'data-testid': 'topics-empty' }, 'No topics \u2014 customers are not asked what their chat is about.'));
    return;
  }
  if (teams.length === 0 && topicDrafts.length === 0) {
    replaceChildren(topicsSection.body, h('p', { class: 'empty', 'data-testid': 'topics-empty' }, 'Create a team first: every topic sends its chats to a team.'));
    return;
  }
  const list = h('ol', { class: 'settings-list topic-list', id: 'topic-list' });
  topicDrafts.forEach((row, index) => {
    const id = (part: string) => `topic-${part}-${row.key}`;
    const label = h('input', { id: id('label'), 'data-testid': 'topic-label', value: row.label, maxlength: TOPIC_LABEL_MAX + 20, autocomplete: 'off' });
    label.addEventListener('input', () => {
      row.label = label.value;
      markTopicsDirty();
    });
    const team = h(
      'select',
      { id: id('team'), 'data-testid': 'topic-team' },
      teams.some((candidate) => candidate.id === row.teamId) ? null : h('option', { value: '', selected: true }, 'Choose a team\u2026'),
      ...teams.map((candidate) => h('option', { value: candidate.id, selected: candidate.id === row.teamId }, candidate.name)),
    );
    team.addEventListener('change', () => {
      row.teamId = team.value;
      markTopicsDirty();
    });
    const priority = h('input', { id: id('priority'), 'data-testid': 'topic-priority', type: 'number', min: 0, max: 10, step: 1, class: 'settings-number', value: row.priority, 'aria-describedby': 'topics-priority-help' });
    priority.addEventListener('input', () => {
      row.priority = priority.value;
      markTopicsDirty();
    });
    const move = (delta: number, part: string) => () => {
      topicDrafts = moveItem(topicDrafts, index, delta);
      markTopicsDirty();
      renderTopics({ key: row.key, part });
    };
    const position = `topic ${index + 1}${row.label.trim() ? ` (${row.label.trim()})` : ''}`;
    list.appendChild(
      h(
        'li',
        { class: 'settings-row topic-row', 'data-testid': 'topic-row', 'data-topic-key': row.key },
        h('span', { class: 'topic-number', 'aria-hidden': 'true' }, `${index + 1}.`),
        h('label', { for: id('label') }, 'Text', label),
        h('label', { for: id('team') }, 'Team', team),
        h('label', { for: id('priority') }, 'Priority', priority),
        h(
          'div',
          { class: 'row topic-actions' },
          h('button', { type: 'button', id: id('up'), 'data-testid': 'topic-up', 'aria-label': `Move ${position} up`, disabled: index === 0, onclick: move(-1, 'up') }, '\u2191'),
          h('button', { type: 'button', id: id('down'), 'data-testid': 'topic-down', 'aria-label': `Move ${position} down`, disabled: index === topicDrafts.length - 1, onclick: move(1, 'down') }, '\u2193'),
          h(
            'button',
            {
              type: 'button',
              class: 'danger',
              'data-testid': 'topic-remove',
              'aria-label': `Remove ${position}`,
              onclick: () => {
                topicDrafts = topicDrafts.filter((candidate) => candidate !== row);
                markTopicsDirty();
                const next = topicDrafts[Math.min(index, topicDrafts.length - 1)];
                renderTopics(next ? { key: next.key, part: 'label' } : { key: '', part: 'add' });
              },
            },
            'Remove',
          ),
        ),
      ),
    );
  });

  const full = topicDrafts.length >= MAX_TOPICS;
  const add = h(
    'button',
    {
      type: 'button',
      id: 'topic-add',
      'data-testid': 'topic-add',
      disabled: full || teams.length === 0,
      onclick: () => {
        const key = `new-${++newTopicCounter}`;
        topicDrafts = [...topicDrafts, { key, label: '', teamId: teams.length === 1 ? teams[0]!.id : '', priority: '0' }];
        markTopicsDirty();
        renderTopics({ key, part: 'label' });
      },
    },
    'Add topic',
  );
  const save = h('button', { type: 'button', class: 'primary', id: 'topics-save', 'data-testid': 'topics-save', onclick: () => void saveTopics(save) }, 'Save menu');
  const dirty = h('span', { class: 'muted small', id: 'topics-dirty', hidden: !topicsDirty }, 'Unsaved changes');
  replaceChildren(
    topicsSection.body,
    topicDrafts.length > 0 ? list : h('p', { class: 'empty', 'data-testid': 'topics-empty' }, 'No topics \u2014 customers are not asked what their chat is about.'),
    h('p', { class: 'muted small', id: 'topics-priority-help' }, 'Priority 0\u201310: chats with a higher priority are answered first. ', full ? `The menu is full (${MAX_TOPICS} topics).` : ''),
    h('div', { class: 'row' }, add, save, dirty),
  );
  if (focus) {
    const target = focus.part === 'add' ? add : document.getElementById(`topic-${focus.part}-${focus.key}`);
    // A move button that became disabled at the top or bottom cannot hold focus; its row's label can.
    if (target instanceof HTMLButtonElement && target.disabled) document.getElementById(`topic-label-${focus.key}`)?.focus();
    else target?.focus();
  }
}

async function saveTopics(save: HTMLButtonElement): Promise<void> {
  showError(topicsSection.error, null);
  const result = validateTopics(topicDrafts, teams);
  topicDrafts.forEach((row, index) => {
    const errors = result.ok ? {} : result.rowErrors[index] ?? {};
    for (const [part, field] of [
      ['label', 'label'],
      ['team', 'teamId'],
      ['priority', 'priority'],
    ] as const) {
      const input = document.getElementById(`topic-${part}-${row.key}`) as HTMLInputElement | HTMLSelectElement | null;
      if (input) setFieldError(input, errors[field] ?? null);
    }
  });
  if (!result.ok) {
    if (result.error) showError(topicsSection.error, result.error);
    topicsSection.body.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    return;
  }
  await whileBusy(save, 'Saving\u2026', async () => {
    try {
      topics = await api.put<Topic[]>('/api/teams/topics', result.body);
    } catch (failure) {
      showError(topicsSection.error, describeServerError(failure));
      return;
    }
    topicDrafts = topicDraftsOf(topics);
    topicsDirty = false;
    renderTopics();
    showSaved(topicsSection.status, topics.length === 0 ? 'Menu saved: customers are not asked for a topic.' : `Menu saved with ${topics.length} ${topics.length === 1 ? 'topic' : 'topics'}.`);
  });
  document.getElementById('topics-save')?.focus();
}

// ---------------------------------------------------------------------------------------------
// Agents

/** Rows by device id, with an update for `agent` frames that leaves a capacity being typed alone. */
const agentRows = new Map<string, (agent: Agent) => void>();

function renderAgents(): void {
  agentRows.clear();
  if (agents.length === 0) {
    replaceChildren(agentsSection.body, h('p', { class: 'empty', 'data-testid': 'agents-empty' }, 'No agents yet. Link business devices on the Devices page; each one is an agent.'));
    return;
  }
  const list = h('ul', { class: 'settings-list', id: 'agent-list' });
  for (const agent of agents) list.appendChild(agentRow(agent));
  replaceChildren(agentsSection.body, list);
}

function agentRow(initial: Agent): HTMLElement {
  let agent = initial;
  const dot = h('span', { class: 'presence-dot', role: 'img' });
  const status = h('span', { class: 'small', 'data-testid': 'agent-status' });
  const teamsLine = h('span', { class: 'muted small' });
  const barFill = h('div');
  const bar = h('div', { class: 'progress load-bar', role: 'meter', 'aria-valuemin': 0 }, barFill);
  const loadText = h('span', { class: 'small', 'data-testid': 'agent-load' });
  const rowError = h('p', { class: 'error small', hidden: true, role: 'alert' });

  const inputId = `agent-capacity-${agent.deviceId}`;
  let capacityControl: HTMLElement;
  let capacity: HTMLInputElement | null = null;
  let savedCapacity = agent.capacity;
  if (admin) {
    capacity = h('input', { id: inputId, 'data-testid': 'agent-capacity', type: 'number', min: 1, max: 50, step: 1, class: 'settings-number', value: agent.capacity, 'aria-label': `Capacity of ${agent.person} (${agent.label})` });
    const saveButton = h('button', { type: 'submit', class: 'small-button' }, 'Save');
    const saved = h('span', { class: 'settings-status small', role: 'status' });
    const form = h('form', { class: 'row capacity-form', novalidate: true }, h('label', { for: inputId, class: 'small' }, 'Capacity'), capacity, saveButton, saved);
    const input = capacity;
    // Enter fires both change and submit; one request per value is enough.
    let inFlight: number | null = null;
    const submit = async () => {
      const parsed = parseCapacity(input.value);
      setFieldError(input, parsed.ok ? null : parsed.error);
      if (!parsed.ok || parsed.value === savedCapacity || parsed.value === inFlight) return;
      inFlight = parsed.value;
      showError(rowError, null);
      saved.textContent = 'Saving\u2026';
      try {
        const updated = await api.put<Agent>(`/api/agents/${encodeURIComponent(agent.deviceId)}`, { capacity: parsed.value, teamIds: agent.teamIds });
        agents = upsertAgent(agents, updated);
        savedCapacity = updated.capacity;
        update(updated);
        showSaved(saved, 'Saved');
      } catch (failure) {
        saved.textContent = '';
        showError(rowError, describeServerError(failure));
      } finally {
        inFlight = null;
      }
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submit();
    });
    // Saving on change (Enter or leaving the field) keeps a list of agents quick to adjust.
    input.addEventListener('change', () => void submit());
    capacityControl = form;
  } else {
    capacityControl = h('span', { class: 'small' }, `Capacity ${agent.capacity}`);
  }

  const update = (next: Agent) => {
    agent = next;
    dot.classList.toggle('online', next.online);
    dot.setAttribute('aria-label', next.online ? 'Online' : 'Offline');
    dot.title = next.online ? 'Online' : 'Offline';
    status.textContent = agentStatusText(next);
    const load = loadBar(next.load, next.capacity);
    barFill.style.width = `${Math.round(load.fraction * 100)}%`;
    bar.classList.toggle('full', load.full);
    bar.setAttribute('aria-valuenow', String(next.load));
    bar.setAttribute('aria-valuemax', String(next.capacity));
    bar.setAttribute('aria-label', `Load: ${load.text}`);
    loadText.textContent = load.over ? `${load.text} (over capacity)` : load.text;
    teamsLine.textContent = next.teamIds.length === 0 ? 'No team' : `Teams: ${next.teamIds.map(teamName).join(', ')}`;
    if (capacity && document.activeElement !== capacity && capacity.value === String(savedCapacity)) {
      capacity.value = String(next.capacity);
      savedCapacity = next.capacity;
    }
  };
  update(agent);
  agentRows.set(agent.deviceId, update);

  return h(
    'li',
    { class: 'settings-row agent-row', 'data-testid': 'agent-row', 'data-device-id': agent.deviceId },
    dot,
    h(
      'div',
      { class: 'settings-row-main' },
      h('strong', null, agent.person),
      h('span', { class: 'badge' }, roleName(agent.role)),
      h('div', { class: 'muted small' }, agent.label),
      h('div', { class: 'row' }, status, teamsLine),
    ),
    h('div', { class: 'agent-load' }, bar, loadText),
    h('div', null, capacityControl, rowError),
  );
}

function onAgentFrame(agent: Agent): void {
  const known = agentRows.has(agent.deviceId);
  agents = upsertAgent(agents, agent);
  if (known) agentRows.get(agent.deviceId)!(agent);
  else renderAgents();
  refreshTeamRows();
}

// ---------------------------------------------------------------------------------------------
// Canned replies

let editingShortcut: string | null = null;
const cannedError = h('p', { class: 'error', id: 'canned-form-error', role: 'alert', hidden: true });
const cannedShortcut = h('input', { id: 'canned-shortcut', 'data-testid': 'canned-shortcut', name: 'shortcut', autocomplete: 'off', spellcheck: 'false', maxlength: 40, placeholder: 'greeting', 'aria-describedby': 'canned-shortcut-help' });
const cannedText = h('textarea', { id: 'canned-text', 'data-testid': 'canned-text', name: 'text', rows: 4, class: 'settings-textarea', 'aria-describedby': 'canned-counter' });
const cannedCounterLine = h('small', { id: 'canned-counter', class: 'muted' });
const cannedSave = h('button', { type: 'submit', class: 'primary', id: 'canned-save', 'data-testid': 'canned-save' }, 'Add reply');
const cannedCancel = h('button', { type: 'button', id: 'canned-cancel', hidden: true }, 'Cancel editing');
const cannedTitle = h('h3', { id: 'canned-form-title', tabindex: -1 }, 'Add a reply');
const cannedForm = h(
  'form',
  { class: 'form wide settings-form', id: 'canned-form', 'data-testid': 'canned-form', novalidate: true, 'aria-labelledby': 'canned-form-title' },
  cannedTitle,
  h(
    'label',
    { for: 'canned-shortcut' },
    'Shortcut',
    h('span', { class: 'settings-shortcut' }, h('span', { 'aria-hidden': 'true' }, '/'), cannedShortcut),
    h('small', { id: 'canned-shortcut-help', class: 'muted' }, 'Lowercase letters, digits, - and _; up to 32 characters.'),
  ),
  h('label', { for: 'canned-text' }, 'Text', cannedText, cannedCounterLine),
  h('div', { class: 'row' }, cannedSave, cannedCancel),
  cannedError,
);

function syncCannedCounter(): void {
  const counter = cannedCounter(cannedText.value);
  cannedCounterLine.textContent = counter.text;
  cannedCounterLine.classList.toggle('field-error', counter.over);
}
cannedText.addEventListener('input', syncCannedCounter);

function editCanned(reply: CannedReply | null): void {
  editingShortcut = reply?.shortcut ?? null;
  cannedShortcut.value = reply?.shortcut ?? '';
  cannedText.value = reply?.text ?? '';
  cannedTitle.textContent = reply ? `Edit /${reply.shortcut}` : 'Add a reply';
  cannedSave.textContent = reply ? 'Save reply' : 'Add reply';
  cannedCancel.hidden = !reply;
  setFieldError(cannedShortcut, null);
  setFieldError(cannedText, null);
  showError(cannedError, null);
  syncCannedCounter();
}

cannedCancel.addEventListener('click', () => {
  editCanned(null);
  cannedShortcut.focus();
});
cannedForm.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && editingShortcut !== null) {
    event.preventDefault();
    editCanned(null);
    cannedShortcut.focus();
  }
});

cannedForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  showError(cannedError, null);
  const result = validateCanned({ shortcut: cannedShortcut.value, text: cannedText.value }, canned, editingShortcut);
  setFieldError(cannedShortcut, result.ok ? null : result.errors.shortcut ?? null);
  setFieldError(cannedText, result.ok ? null : result.errors.text ?? null);
  if (!result.ok) {
    (result.errors.shortcut ? cannedShortcut : cannedText).focus();
    return;
  }
  const plan = cannedSavePlan(editingShortcut, result.shortcut);
  const saved = await whileBusy(cannedSave, 'Saving\u2026', async () => {
    try {
      await api.put<CannedReply>(`/api/canned-replies/${encodeURIComponent(plan.put)}`, { text: result.text });
      if (plan.remove) await api.delete(`/api/canned-replies/${encodeURIComponent(plan.remove)}`);
    } catch (failure) {
      const fields = serverFieldErrors(failure);
      if (fields.text) setFieldError(cannedText, fields.text);
      if (fields.shortcut) setFieldError(cannedShortcut, fields.shortcut);
      showError(cannedError, describeServerError(failure));
      await loadCanned();
      renderCanned();
      return false;
    }
    await loadCanned();
    renderCanned();
    showSaved(cannedSection.status, editingShortcut ? `/${result.shortcut} saved.` : `/${result.shortcut} added.`);
    return true;
  });
  // After whileBusy, which puts the button's old text back.
  if (saved) editCanned(null);
  cannedShortcut.focus();
});

function renderCanned(): void {
  const list = h('ul', { class: 'settings-list', id: 'canned-list' });
  for (const reply of canned) {
    list.appendChild(
      h(
        'li',
        { class: 'settings-row', 'data-testid': 'canned-row', 'data-shortcut': reply.shortcut },
        h('div', { class: 'settings-row-main' }, h('code', { class: 'canned-shortcut' }, `/${reply.shortcut}`), h('p', { class: 'canned-text small' }, reply.text)),
        admin
          ? h(
              'div',
              { class: 'row' },
              h(
                'button',
                {
                  type: 'button',
                  'data-testid': 'canned-edit',
                  'aria-label': `Edit /${reply.shortcut}`,
                  onclick: () => {
                    editCanned(reply);
                    focusPanel(cannedForm, cannedText);
                  },
                },
                'Edit',
              ),
              h('button', { type: 'button', class: 'danger', 'data-testid': 'canned-delete', 'aria-label': `Delete /${reply.shortcut}`, onclick: () => void deleteCanned(reply) }, 'Delete'),
            )
          : null,
      ),
    );
  }
  replaceChildren(
    cannedSection.body,
    canned.length > 0 ? list : h('p', { class: 'empty', 'data-testid': 'canned-empty' }, admin ? 'No canned replies yet. Add the answers your team gives most often.' : 'No canned replies yet.'),
    admin ? cannedForm : null,
  );
}

async function deleteCanned(reply: CannedReply): Promise<void> {
  if (!(await confirmDialog(`Delete /${reply.shortcut}?`, `Agents can no longer insert this reply. Messages already sent with it stay as they are.`, 'Delete reply'))) return;
  showError(cannedError, null);
  try {
    await api.delete(`/api/canned-replies/${encodeURIComponent(reply.shortcut)}`);
  } catch (failure) {
    showError(cannedError, describeServerError(failure));
    return;
  }
  if (editingShortcut === reply.shortcut) editCanned(null);
  await loadCanned();
  renderCanned();
  showSaved(cannedSection.status, `/${reply.shortcut} deleted.`);
  cannedShortcut.focus();
}

// ---------------------------------------------------------------------------------------------
// Start

async function main(): Promise<void> {
  const identity = await loadIdentity();
  if (!identity) {
    location.replace('/');
    return;
  }
  mountSkeleton();
  let view: DevicesView;
  try {
    view = await api.get<DevicesView>('/api/devices');
  } catch (error) {
    if (isLoggedOut()) return;
    setMessage(pageError, `Could not load the settings: ${errorMessage(error)}`);
    return;
  }
  admin = isAdminRole(view.myRole);
  readOnlyNotice.hidden = admin;
  subtitle.textContent = `${view.displayName || view.businessNumber} \u00b7 you are ${roleName(view.myRole).toLowerCase()}`;
  document.title = `Settings · ${view.displayName || view.businessNumber} · Switchboard`;
  editCanned(null);
  await loadAll();
  if (isLoggedOut()) return;
  connectEvents({
    onRouting: (event) => {
      if (event.type === 'agent') onAgentFrame(event.agent);
    },
    onReconnected: () => {
      // Agent frames may have been missed; the editable menu keeps its unsaved rows (loadTopics leaves dirty drafts).
      void Promise.all([loadAgents(), loadTeams()]).then(() => {
        renderAgents();
        if (!document.getElementById('team-form')) renderTeams();
        else refreshTeamRows();
      });
    },
  });
}

void main().catch((error) => {
  if (!isLoggedOut()) setMessage(pageError, errorMessage(error));
});
