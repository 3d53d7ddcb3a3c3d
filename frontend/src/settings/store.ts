import { signal } from '@preact/signals';
import { t } from '../i18n';
import { ApiError, errorMessage } from '../lib/api';
import { isAdmin, roleLabel } from '../lib/roles';
import type { Agent, CannedReply, Team, Topic } from '../lib/routingTypes';
import { onSettingsChange, type SettingsList } from '../lib/settingsChanges';
import {
  cannedSavePlan,
  describeServerError,
  membershipChanges,
  moveItem,
  parseCapacity,
  serverFieldErrors,
  sortAgents,
  topicDraftsOf,
  upsertAgent,
  validateCanned,
  validateTeam,
  validateTopics,
  type CannedField,
  type TeamDraft,
  type TeamField,
  type TopicDraft,
  type TopicField,
} from '../lib/settingsLogic';
import type { DevicesView } from '../lib/types';

/**
 * The settings page's one store: teams, the topic menu (with its unsaved drafts), agents and canned replies,
 * each section's error and "saved" line, and every change. Lists another admin changes arrive through the
 * server's `settings` push and are read again, so two open settings pages do not drift apart.
 */
export type Section = 'teams' | 'topics' | 'agents' | 'canned';

export interface SettingsDeps {
  http: {
    get<T>(path: string): Promise<T>;
    post<T>(path: string, body?: unknown): Promise<T>;
    put<T>(path: string, body: unknown): Promise<T>;
    delete<T>(path: string): Promise<T>;
  };
  isLoggedOut(): boolean;
  /** How long a "saved" line stays. */
  savedMs?: number;
}

/** The section each announced list belongs to; the third-party folder card follows its own (thirdParty/folder.ts). */
const LIST_OF: Record<SettingsList, Section | null> = { teams: 'teams', topics: 'topics', 'canned-replies': 'canned', 'third-party-folder': null };

export function createSettingsStore(deps: SettingsDeps) {
  const admin = signal(false);
  /** The caller's role, once read; supervisors may read what only admins change. */
  const role = signal<string | null>(null);
  const subtitle = signal('');
  const pageError = signal<string | null>(null);
  const loaded = signal<Record<Section, boolean>>({ teams: false, topics: false, agents: false, canned: false });
  const teams = signal<Team[]>([]);
  const topics = signal<Topic[]>([]);
  const agents = signal<Agent[]>([]);
  const canned = signal<CannedReply[]>([]);
  const errors = signal<Partial<Record<Section, string>>>({});
  const saved = signal<Partial<Record<Section, string>>>({});
  const topicDrafts = signal<TopicDraft[]>([]);
  const topicsDirty = signal(false);
  const topicErrors = signal<Array<Partial<Record<TopicField, string>>>>([]);
  /** The open team form: null when closed; `team` null for a new team. */
  const teamForm = signal<{ team: Team | null } | null>(null);
  const cannedEditing = signal<string | null>(null);
  let newTopicCounter = 0;
  const timers = new Map<Section, ReturnType<typeof setTimeout>>();

  function setError(section: Section, message: string | null): void {
    const next = { ...errors.value };
    if (message) next[section] = message;
    else delete next[section];
    errors.value = next;
  }

  function showSaved(section: Section, text: string): void {
    saved.value = { ...saved.value, [section]: text };
    const previous = timers.get(section);
    if (previous) clearTimeout(previous);
    timers.set(
      section,
      setTimeout(() => {
        const next = { ...saved.value };
        delete next[section];
        saved.value = next;
      }, deps.savedMs ?? 5000),
    );
  }

  async function load<T>(section: Section, path: string, assign: (value: T) => void): Promise<boolean> {
    try {
      assign(await deps.http.get<T>(path));
      setError(section, null);
      loaded.value = { ...loaded.value, [section]: true };
      return true;
    } catch (error) {
      if (deps.isLoggedOut()) return false;
      setError(section, t('settings:loadFailed', { error: errorMessage(error) }));
      return false;
    }
  }

  const loadTeams = () => load<Team[]>('teams', '/api/teams', (value) => (teams.value = value));
  const loadTopics = () =>
    load<Topic[]>('topics', '/api/teams/topics', (value) => {
      topics.value = value;
      // Unsaved rows being edited stay; the saved menu shows once they are saved or dropped.
      if (!topicsDirty.value) topicDrafts.value = topicDraftsOf(value);
    });
  const loadAgents = () => load<Agent[]>('agents', '/api/agents', (value) => (agents.value = sortAgents(value)));
  const loadCanned = () => load<CannedReply[]>('canned', '/api/canned-replies', (value) => (canned.value = value));

  const store = {
    admin,
    role,
    subtitle,
    pageError,
    loaded,
    teams,
    topics,
    agents,
    canned,
    errors,
    saved,
    topicDrafts,
    topicsDirty,
    topicErrors,
    teamForm,
    cannedEditing,

    async start(): Promise<void> {
      let view: DevicesView;
      try {
        view = await deps.http.get<DevicesView>('/api/devices');
      } catch (error) {
        if (!deps.isLoggedOut()) pageError.value = t('settings:pageLoadFailed', { error: errorMessage(error) });
        return;
      }
      role.value = view.myRole;
      admin.value = isAdmin(view.myRole);
      subtitle.value = t('settings:subtitle', { business: view.displayName || view.businessNumber, role: roleLabel(view.myRole) });
      await store.loadAll();
    },

    async loadAll(): Promise<void> {
      await Promise.all([loadTeams(), loadTopics(), loadAgents(), loadCanned()]);
    },

    /** A list changed elsewhere (another admin, another tab): read it again. */
    async listChanged(list: SettingsList): Promise<void> {
      const section = LIST_OF[list];
      if (section === null) return;
      if (section === 'teams') await Promise.all([loadTeams(), loadAgents()]);
      else if (section === 'topics') await loadTopics();
      else await loadCanned();
    },

    /** Subscribes to the server's settings pushes; returns the unsubscribe. */
    followChanges(): () => void {
      return onSettingsChange(null, (list) => void store.listChanged(list));
    },

    agentChanged(agent: Agent): void {
      agents.value = upsertAgent(agents.value, agent);
    },

    agentName(deviceId: string): string {
      const agent = agents.value.find((candidate) => candidate.deviceId === deviceId);
      return agent ? `${agent.person} (${agent.label})` : t('settings:removedDevice');
    },

    teamName(teamId: string): string {
      return teams.value.find((team) => team.id === teamId)?.name ?? t('settings:deletedTeam');
    },

    // ---- Teams

    openTeamForm(team: Team | null): void {
      teamForm.value = { team };
    },

    closeTeamForm(): void {
      teamForm.value = null;
    },

    /** Saves the open form; returns field errors and a form error, or null when saved (the form closes). */
    async saveTeam(draft: TeamDraft, selected: ReadonlySet<string>): Promise<{ fields: Partial<Record<TeamField, string>>; error: string | null } | null> {
      const team = teamForm.value?.team ?? null;
      const result = validateTeam(draft, teams.value, team?.id ?? null, team?.stickyForSeconds);
      if (!result.ok) return { fields: result.errors, error: null };
      let stored: Team;
      try {
        stored = team ? await deps.http.put<Team>(`/api/teams/${encodeURIComponent(team.id)}`, result.body) : await deps.http.post<Team>('/api/teams', result.body);
      } catch (failure) {
        const fields = serverFieldErrors(failure);
        const out: Partial<Record<TeamField, string>> = {};
        if (failure instanceof ApiError && failure.code === 'team_exists') out.name = failure.message;
        else if (fields.name) out.name = fields.name;
        if (fields.stickyForSeconds) out.stickyHours = fields.stickyForSeconds;
        return { fields: out, error: describeServerError(failure) };
      }
      // Membership is stored on each agent; the team itself is saved even if one of these fails.
      const failures: string[] = [];
      for (const update of membershipChanges(agents.value, stored.id, selected)) {
        try {
          agents.value = upsertAgent(agents.value, await deps.http.put<Agent>(`/api/agents/${encodeURIComponent(update.deviceId)}`, update.body));
        } catch (failure) {
          failures.push(`${store.agentName(update.deviceId)}: ${describeServerError(failure)}`);
        }
      }
      await Promise.all([loadTeams(), loadAgents()]);
      if (failures.length > 0) {
        // Keep the form open on the saved team (a new one now exists) so the membership can be tried again.
        teamForm.value = { team: teams.value.find((candidate) => candidate.id === stored.id) ?? stored };
        return { fields: {}, error: t('settings:team.membersFailed', { failures: failures.join(' ') }) };
      }
      teamForm.value = null;
      showSaved('teams', team ? t('settings:team.saved', { name: stored.name }) : t('settings:team.created', { name: stored.name }));
      return null;
    },

    async deleteTeam(team: Team): Promise<boolean> {
      setError('teams', null);
      try {
        await deps.http.delete(`/api/teams/${encodeURIComponent(team.id)}`);
      } catch (failure) {
        setError('teams', describeServerError(failure));
        return false;
      }
      if (teamForm.value?.team?.id === team.id) teamForm.value = null;
      // Its topics are gone on the server; drop them from an unsaved menu too, or saving would refuse.
      topicDrafts.value = topicDrafts.value.filter((row) => row.teamId !== team.id);
      await Promise.all([loadTeams(), loadTopics(), loadAgents()]);
      showSaved('teams', t('settings:team.deleted', { name: team.name }));
      return true;
    },

    // ---- Topics

    editTopic(key: string, changes: Partial<Pick<TopicDraft, 'label' | 'teamId' | 'priority'>>): void {
      topicDrafts.value = topicDrafts.value.map((row) => (row.key === key ? { ...row, ...changes } : row));
      topicsDirty.value = true;
    },

    moveTopic(index: number, delta: number): void {
      topicDrafts.value = moveItem(topicDrafts.value, index, delta);
      topicsDirty.value = true;
    },

    removeTopic(key: string): void {
      topicDrafts.value = topicDrafts.value.filter((row) => row.key !== key);
      topicsDirty.value = true;
    },

    /** Adds an empty row; returns its key (to focus it). */
    addTopic(): string {
      const key = `new-${++newTopicCounter}`;
      topicDrafts.value = [...topicDrafts.value, { key, label: '', teamId: teams.value.length === 1 ? teams.value[0]!.id : '', priority: '0' }];
      topicsDirty.value = true;
      return key;
    },

    async saveTopics(): Promise<boolean> {
      setError('topics', null);
      const result = validateTopics(topicDrafts.value, teams.value);
      topicErrors.value = result.ok ? [] : result.rowErrors;
      if (!result.ok) {
        if (result.error) setError('topics', result.error);
        return false;
      }
      try {
        topics.value = await deps.http.put<Topic[]>('/api/teams/topics', result.body);
      } catch (failure) {
        setError('topics', describeServerError(failure));
        return false;
      }
      topicDrafts.value = topicDraftsOf(topics.value);
      topicsDirty.value = false;
      showSaved('topics', topics.value.length === 0 ? t('settings:topics.savedNone') : t('settings:topics.saved', { count: topics.value.length }));
      return true;
    },

    // ---- Agents

    /** Saves a capacity; returns a field error, or null. */
    async saveCapacity(agent: Agent, text: string): Promise<string | null> {
      const parsed = parseCapacity(text);
      if (!parsed.ok) return parsed.error;
      if (parsed.value === agent.capacity) return null;
      try {
        const updated = await deps.http.put<Agent>(`/api/agents/${encodeURIComponent(agent.deviceId)}`, { capacity: parsed.value, teamIds: agent.teamIds });
        agents.value = upsertAgent(agents.value, updated);
        return null;
      } catch (failure) {
        return describeServerError(failure);
      }
    },

    // ---- Canned replies

    editCanned(shortcut: string | null): void {
      cannedEditing.value = shortcut;
      setError('canned', null);
    },

    /** Adds or saves a reply; returns field errors and a form error, or null when saved. */
    async saveCanned(draft: { shortcut: string; text: string }): Promise<{ fields: Partial<Record<CannedField, string>>; error: string | null } | null> {
      const editing = cannedEditing.value;
      const result = validateCanned(draft, canned.value, editing);
      if (!result.ok) return { fields: result.errors, error: null };
      const plan = cannedSavePlan(editing, result.shortcut);
      try {
        await deps.http.put<CannedReply>(`/api/canned-replies/${encodeURIComponent(plan.put)}`, { text: result.text });
        if (plan.remove) await deps.http.delete(`/api/canned-replies/${encodeURIComponent(plan.remove)}`);
      } catch (failure) {
        const fields = serverFieldErrors(failure);
        await loadCanned();
        return { fields: { ...(fields.text ? { text: fields.text } : {}), ...(fields.shortcut ? { shortcut: fields.shortcut } : {}) }, error: describeServerError(failure) };
      }
      await loadCanned();
      cannedEditing.value = null;
      showSaved('canned', editing ? t('settings:canned.saved', { shortcut: result.shortcut }) : t('settings:canned.added', { shortcut: result.shortcut }));
      return null;
    },

    async deleteCanned(reply: CannedReply): Promise<boolean> {
      setError('canned', null);
      try {
        await deps.http.delete(`/api/canned-replies/${encodeURIComponent(reply.shortcut)}`);
      } catch (failure) {
        setError('canned', describeServerError(failure));
        return false;
      }
      if (cannedEditing.value === reply.shortcut) cannedEditing.value = null;
      await loadCanned();
      showSaved('canned', t('settings:canned.deleted', { shortcut: reply.shortcut }));
      return true;
    },
  };
  return store;
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
