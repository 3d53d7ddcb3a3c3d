import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { MAX_TOPICS, TOPIC_LABEL_MAX } from '../lib/settingsLogic';
import { fieldAria, FieldError, SectionCard } from './parts';
import type { SettingsStore } from './store';

function ReadOnlyTopics({ store }: { store: SettingsStore }) {
  const topics = store.topics.value;
  if (topics.length === 0) {
    return (
      <p class="empty" data-testid="topics-empty">
        {t('settings:topics.none')}
      </p>
    );
  }
  return (
    <ol class="settings-list">
      {topics.map((topic) => (
        <li key={topic.id} class="settings-row" data-testid="topic-row">
          <div class="settings-row-main">
            <strong>{topic.label}</strong> → {store.teamName(topic.teamId)} <span class="badge">{t('settings:topic.priorityBadge', { priority: topic.priority })}</span>
          </div>
        </li>
      ))}
    </ol>
  );
}

export function TopicsSection({ store }: { store: SettingsStore }) {
  /** The element to focus after a change that re-orders or removes rows. */
  const [focus, setFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!focus) return;
    const target = document.getElementById(focus);
    if (target instanceof HTMLButtonElement && target.disabled) target.closest('li')?.querySelector<HTMLElement>('[data-testid="topic-label"]')?.focus();
    else target?.focus();
    setFocus(null);
  }, [focus]);
  const admin = store.admin.value;
  const teams = store.teams.value;
  const drafts = store.topicDrafts.value;
  const rowErrors = store.topicErrors.value;
  const full = drafts.length >= MAX_TOPICS;
  const body = !admin ? (
    <ReadOnlyTopics store={store} />
  ) : teams.length === 0 && drafts.length === 0 ? (
    <p class="empty" data-testid="topics-empty">
      {t('settings:topics.teamFirst')}
    </p>
  ) : (
    <>
      {drafts.length > 0 ? (
        <ol class="settings-list topic-list" id="topic-list">
          {drafts.map((row, index) => {
            const id = (part: string) => `topic-${part}-${row.key}`;
            const errors = rowErrors[index] ?? {};
            const position = row.label.trim() ? t('settings:topic.positionNamed', { number: index + 1, label: row.label.trim() }) : t('settings:topic.position', { number: index + 1 });
            return (
              <li key={row.key} class="settings-row topic-row" data-testid="topic-row" data-topic-key={row.key}>
                <span class="topic-number" aria-hidden="true">{`${index + 1}.`}</span>
                <label for={id('label')}>
                  {t('settings:topic.text')}
                  <input
                    id={id('label')}
                    data-testid="topic-label"
                    value={row.label}
                    maxLength={TOPIC_LABEL_MAX + 20}
                    autocomplete="off"
                    {...fieldAria(id('label'), errors.label)}
                    onInput={(event) => store.editTopic(row.key, { label: (event.currentTarget as HTMLInputElement).value })}
                  />
                  <FieldError id={id('label')} message={errors.label} />
                </label>
                <label for={id('team')}>
                  {t('settings:topic.team')}
                  <select
                    id={id('team')}
                    data-testid="topic-team"
                    value={teams.some((team) => team.id === row.teamId) ? row.teamId : ''}
                    {...fieldAria(id('team'), errors.teamId)}
                    onChange={(event) => store.editTopic(row.key, { teamId: (event.currentTarget as HTMLSelectElement).value })}
                  >
                    {!teams.some((team) => team.id === row.teamId) && <option value="">{t('settings:topic.chooseTeam')}</option>}
                    {teams.map((team) => (
                      <option key={team.id} value={team.id}>
                        {team.name}
                      </option>
                    ))}
                  </select>
                  <FieldError id={id('team')} message={errors.teamId} />
                </label>
                <label for={id('priority')}>
                  {t('settings:topic.priority')}
                  <input
                    id={id('priority')}
                    data-testid="topic-priority"
                    type="number"
                    min={0}
                    max={10}
                    step={1}
                    class="settings-number"
                    value={row.priority}
                    {...fieldAria(id('priority'), errors.priority, 'topics-priority-help')}
                    onInput={(event) => store.editTopic(row.key, { priority: (event.currentTarget as HTMLInputElement).value })}
                  />
                  <FieldError id={id('priority')} message={errors.priority} />
                </label>
                <div class="row topic-actions">
                  <button
                    type="button"
                    id={id('up')}
                    data-testid="topic-up"
                    aria-label={t('settings:topic.up', { position })}
                    disabled={index === 0}
                    onClick={() => {
                      store.moveTopic(index, -1);
                      setFocus(id('up'));
                    }}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    id={id('down')}
                    data-testid="topic-down"
                    aria-label={t('settings:topic.down', { position })}
                    disabled={index === drafts.length - 1}
                    onClick={() => {
                      store.moveTopic(index, 1);
                      setFocus(id('down'));
                    }}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="danger"
                    data-testid="topic-remove"
                    aria-label={t('settings:topic.remove', { position })}
                    onClick={() => {
                      store.removeTopic(row.key);
                      const next = store.topicDrafts.value[Math.min(index, store.topicDrafts.value.length - 1)];
                      setFocus(next ? `topic-label-${next.key}` : 'topic-add');
                    }}
                  >
                    {t('common:remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="empty" data-testid="topics-empty">
          {t('settings:topics.none')}
        </p>
      )}
      <p class="muted small" id="topics-priority-help">
        {t('settings:topics.priorityHelp')} {full ? t('settings:topics.full', { max: MAX_TOPICS }) : ''}
      </p>
      <div class="row">
        <button type="button" id="topic-add" data-testid="topic-add" disabled={full || teams.length === 0} onClick={() => setFocus(`topic-label-${store.addTopic()}`)}>
          {t('settings:topics.add')}
        </button>
        <button
          type="button"
          class="primary"
          id="topics-save"
          data-testid="topics-save"
          onClick={async () => {
            if (!(await store.saveTopics())) {
              setFocus(document.querySelector('#topics-body [aria-invalid="true"]')?.id ?? null);
              return;
            }
            setFocus('topics-save');
          }}
        >
          {t('settings:topics.save')}
        </button>
        <span class="muted small" id="topics-dirty" hidden={!store.topicsDirty.value}>
          {t('settings:topics.unsaved')}
        </span>
      </div>
    </>
  );
  return (
    <SectionCard store={store} id="topics" title={t('settings:topics.title')} intro={t('settings:topics.intro', { max: MAX_TOPICS })}>
      {body}
    </SectionCard>
  );
}
