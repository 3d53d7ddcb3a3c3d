import { useRef } from 'preact/hooks';
import { NewThirdPartyChat } from '../thirdParty/NewThirdPartyChat';
import { ConversationList } from '../components/ConversationList';
import { EmptyState } from '../components/Banner';
import { formatDateTime, formatRelative, t, translator } from '../i18n';
import { emptyText, type InboxTab, TABS, tabCounts, tabItems } from '../lib/inboxLogic';
import { initialOf } from '../lib/ui';
import type { InboxStore } from './store';
import type { ConversationRouting } from '../lib/routingTypes';
import { splitByFolder } from '../thirdParty/folder';

const tr = translator('inbox');

/** The conversations this view shows, split by the third-party folder setting. */
function visibleParts(store: InboxStore) {
  const items = tabItems(store.conversations.value, store.tab.value, store.me.value.myDeviceId, { label: store.labelFilter.value });
  return splitByFolder(items, store.thirdPartyFolder.folder.value);
}

/** The conversations this view shows, in order, the separate section last (the list and "next conversation" agree). */
export function visibleConversations(store: InboxStore) {
  const { main, thirdParty } = visibleParts(store);
  return [...main, ...thirdParty];
}

export function Sidebar({ store }: { store: InboxStore }) {
  const searching = store.searchResults.value !== null || store.searchError.value !== null;
  return (
    <aside class="inbox-list" id="inbox-list">
      <SearchBox store={store} />
      <NewThirdPartyChat />
      {searching ? <SearchResults store={store} /> : <TabsAndList store={store} />}
    </aside>
  );
}

function SearchBox({ store }: { store: InboxStore }) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  return (
    <div class="inbox-search" role="search">
      <label for="search-input" class="visually-hidden">
        {tr('search.label')}
      </label>
      <input
        type="search"
        id="search-input"
        class="search-input"
        data-testid="search-input"
        placeholder={tr('search.placeholder')}
        autoComplete="off"
        aria-describedby="search-help"
        value={store.query.value}
        onInput={(event) => {
          const value = (event.currentTarget as HTMLInputElement).value;
          store.query.value = value;
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => void store.search(value), 150);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            if (timer.current) clearTimeout(timer.current);
            store.clearSearch();
          } else if (event.key === 'ArrowDown' && store.searchResults.value) {
            event.preventDefault();
            document.querySelector<HTMLElement>('#search-results button')?.focus();
          }
        }}
      />
      <small id="search-help" class="visually-hidden">
        {tr('search.help')}
      </small>
    </div>
  );
}

function TabsAndList({ store }: { store: InboxStore }) {
  const myDeviceId = store.me.value.myDeviceId;
  const label = store.labelFilter.value;
  const conversations = store.conversations.value;
  const counts = tabCounts(conversations, myDeviceId, { label });
  const tab = store.tab.value;
  const { main: items, thirdParty } = visibleParts(store);
  // The main list and the third-party section differ only in what they show.
  const list = (shown: readonly ConversationRouting[], id?: string) => (
    <ConversationList
      id={id}
      items={shown}
      rows={store.rows.value}
      selectedId={store.selected.value}
      myDeviceId={myDeviceId}
      labelFilter={label}
      nowMs={store.now.value}
      onSelect={(selected) => void store.select(selected)}
      onLabel={(next) => store.setLabelFilter(next)}
    />
  );
  const select = (next: InboxTab) => {
    store.setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <>
      <div
        class="inbox-tabs"
        role="tablist"
        aria-label={tr('tabs.label')}
        onKeyDown={(event) => {
          // Arrow keys move between tabs (the WAI-ARIA tabs pattern): one tab stop for the whole strip.
          const index = TABS.indexOf(tab);
          let next: number | null = null;
          if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
          else if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
          else if (event.key === 'Home') next = 0;
          else if (event.key === 'End') next = TABS.length - 1;
          if (next === null) return;
          event.preventDefault();
          select(TABS[next]!);
        }}
      >
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            class={`inbox-tab${name === tab ? ' active' : ''}`}
            data-testid={`tab-${name}`}
            aria-selected={name === tab}
            aria-controls="conversation-panel"
            aria-label={`${tr(`tabs.${name}`)}, ${counts[name]}`}
            tabIndex={name === tab ? 0 : -1}
            onClick={() => select(name)}
          >
            <span class="tab-name">{tr(`tabs.${name}`)}</span>{' '}
            <span class="tab-count" data-testid="tab-count">
              {counts[name]}
            </span>
          </button>
        ))}
      </div>
      <div id="conversation-panel" role="tabpanel" class="conversation-panel" aria-labelledby={`tab-${tab}`}>
        {label ? (
          <div class="label-filter" id="label-filter" data-testid="label-filter">
            <span>{tr('labelFilter')} </span>
            <strong data-testid="label-filter-value">{label}</strong>{' '}
            <button type="button" class="link-button" data-testid="label-filter-clear" onClick={() => store.setLabelFilter(null)}>
              {tr('showAll')}
            </button>
          </div>
        ) : null}
        {list(items)}
        {thirdParty.length > 0 ? (
          <section class="third-party-section" data-testid="third-party-section" aria-labelledby="third-party-section-title">
            <h2 id="third-party-section-title" class="list-section-title small">
              {t('thirdPartyChats:section.title')} <span class="tab-count">{thirdParty.length}</span>
            </h2>
            {list(thirdParty, 'third-party-list')}
          </section>
        ) : null}
        {items.length === 0 && thirdParty.length === 0 ? <EmptyState id="conversations-empty" testId="conversations-empty" text={emptyText(tab, conversations.length > 0, label, location.origin)} /> : null}
      </div>
    </>
  );
}

function SearchResults({ store }: { store: InboxStore }) {
  const results = store.searchResults.value ?? [];
  const error = store.searchError.value;
  return (
    <div
      id="search-panel"
      class="search-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          store.clearSearch();
          document.getElementById('search-input')?.focus();
        }
      }}
    >
      <p id="search-status" class="muted small search-status" role="status" aria-live="polite" data-testid="search-status">
        {error ?? (results.length === 0 ? tr('search.none', { query: store.query.value.trim() }) : tr('search.count', { count: results.length }))}
      </p>
      <ul id="search-results" class="conversation-list search-results" data-testid="search-results" aria-label={tr('search.results')}>
        {results.map((result) => {
          const conversation = store.conversation(result.conversation);
          const snippet = result.snippet;
          const timeMs = result.message.sentAt * 1000;
          return (
            <li key={result.conversation} class={`search-result${result.conversation === store.selected.value ? ' selected' : ''}`} data-testid="search-result" data-conversation-id={result.conversation}>
              <button type="button" class="conversation-button" onClick={() => void store.select(result.conversation)}>
                <span class="avatar" aria-hidden="true">
                  {initialOf(conversation?.name ?? '?')}
                </span>
                <span class="conversation-info">
                  <span class="conversation-line">
                    <strong class="conversation-name">{conversation?.name ?? tr('search.unknown')}</strong>
                    <span class="conversation-time muted small">
                      <time dateTime={new Date(timeMs).toISOString()} title={formatDateTime(timeMs)}>
                        {formatRelative(timeMs, store.now.value)}
                      </time>
                    </span>
                  </span>
                  <span class="search-snippet" data-testid="search-snippet">
                    {result.message.kind === 'note' ? <span class="muted">{tr('search.note')} </span> : null}
                    {snippet.before}
                    <mark data-testid="search-highlight">{snippet.match}</mark>
                    {snippet.after}
                  </span>
                  {result.count > 1 ? <span class="muted small">{tr('search.matches', { count: result.count })}</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
