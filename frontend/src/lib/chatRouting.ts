import { api, ApiError, errorMessage } from './api';
import { effectiveTopicId, QueueTracker, queueView, topicMenuView } from './queueText';
import type { QueueState, RoutingEvent, TopicChoice } from './routingTypes';
import { h, setMessage } from './ui';

/**
 * The customer's side of routing on the chat page (protocol §14): the topic menu above the
 * composer and the live place in the queue. The page mounts `element`, passes its `queue` frames
 * to `onRouting` and calls `refresh` after a reconnect.
 */
export interface ChatRouting {
  element: HTMLElement;
  start(): Promise<void>;
  refresh(): Promise<void>;
  onRouting(event: RoutingEvent): void;
  /** Whether the business wrote since the customer's last message ("has joined" waits for that). */
  setAnswered(answered: boolean): void;
}

const TOPIC_KEY_PREFIX = 'switchboard.chat.topic.';

function rememberedTopic(conversation: string): string | null {
  try {
    return localStorage.getItem(TOPIC_KEY_PREFIX + conversation);
  } catch {
    return null;
  }
}

function rememberTopic(conversation: string, topicId: string): void {
  try {
    localStorage.setItem(TOPIC_KEY_PREFIX + conversation, topicId);
  } catch {
    // without storage the menu asks again after a reload; the server keeps the choice anyway
  }
}

export function createChatRouting(conversation: string): ChatRouting {
  const tracker = new QueueTracker(conversation);
  let topics: TopicChoice[] = [];
  let chosen: string | null = rememberedTopic(conversation);
  let changing = false;
  let busy = false;
  let answered = false;

  const position = h('p', { class: 'queue-status', id: 'queue-position', 'data-testid': 'queue-position', hidden: true });
  const assigned = h('p', { class: 'queue-status queue-assigned', id: 'queue-assigned', 'data-testid': 'queue-assigned', hidden: true });
  const queueBox = h('div', { role: 'status', 'aria-live': 'polite', class: 'queue-box' }, position, assigned);
  const menu = h('div', { class: 'chat-topics', id: 'chat-topics', 'data-testid': 'chat-topics', hidden: true });
  const topicError = h('p', { class: 'error small', id: 'topic-error', 'data-testid': 'topic-error', role: 'alert', hidden: true });
  const element = h('div', { class: 'chat-routing', id: 'chat-routing' }, queueBox, menu, topicError);

  const renderQueue = () => {
    const view = queueView(tracker.state(), answered);
    position.hidden = view.kind !== 'waiting';
    assigned.hidden = view.kind !== 'assigned';
    if (view.kind === 'waiting') {
      position.textContent = view.text;
      position.dataset.position = String(view.position);
    } else {
      position.textContent = '';
      delete position.dataset.position;
    }
    assigned.textContent = view.kind === 'assigned' ? view.text : '';
    element.hidden = position.hidden && assigned.hidden && menu.hidden && topicError.hidden;
  };

  const renderMenu = () => {
    const state = tracker.state() as (QueueState & { topicId?: string | null }) | null;
    const current = effectiveTopicId(state?.topicId, chosen);
    const view = topicMenuView(topics, current, state?.assigned ?? false, changing);
    const hadFocus = menu.contains(document.activeElement);
    menu.hidden = view.mode === 'hidden';
    if (view.mode === 'hidden') {
      menu.replaceChildren();
    } else if (view.mode === 'chosen') {
      const change = view.canChange
        ? h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              id: 'topic-change',
              'data-testid': 'topic-change',
              onclick: () => {
                changing = true;
                renderMenu();
                menu.querySelector<HTMLButtonElement>('[aria-pressed="true"], button')?.focus();
              },
            },
            'Change',
          )
        : null;
      menu.replaceChildren(h('p', { class: 'small', 'data-testid': 'topic-chosen' }, 'Topic: ', h('strong', null, view.label), ' ', change));
    } else {
      const buttons = view.options.map((topic) =>
        h(
          'button',
          {
            type: 'button',
            class: 'topic-choice',
            'data-testid': 'topic-choice',
            'data-topic-id': topic.id,
            'aria-pressed': topic.id === view.chosenId ? 'true' : 'false',
            disabled: busy,
            onclick: () => void choose(topic),
          },
          topic.label,
        ),
      );
      const keep =
        changing && view.chosenId
          ? h(
              'button',
              {
                type: 'button',
                class: 'link-button',
                'data-testid': 'topic-keep',
                onclick: () => {
                  changing = false;
                  renderMenu();
                  menu.querySelector<HTMLButtonElement>('button')?.focus();
                },
              },
              'Keep it',
            )
          : null;
      menu.replaceChildren(
        h('p', { class: 'chat-topics-question', id: 'chat-topics-question' }, view.question),
        h('div', { class: 'row', role: 'group', 'aria-labelledby': 'chat-topics-question' }, ...buttons, keep),
      );
    }
    if (hadFocus && !menu.contains(document.activeElement)) menu.querySelector<HTMLElement>('button')?.focus();
    renderQueue();
  };

  const render = () => renderMenu();

  const choose = async (topic: TopicChoice) => {
    if (busy) return;
    busy = true;
    setMessage(topicError, null);
    renderMenu();
    try {
      await api.post(`/api/conversations/${encodeURIComponent(conversation)}/topic`, { topicId: topic.id });
      chosen = topic.id;
      changing = false;
      rememberTopic(conversation, topic.id);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'topic_not_found') {
        setMessage(topicError, 'That choice is no longer available. Please pick again.');
        await loadTopics();
      } else {
        setMessage(topicError, `Your choice was not saved: ${errorMessage(error)}`);
      }
    } finally {
      busy = false;
      render();
    }
    // The topic moves the chat to its team's queue: the place in line may have changed.
    void refreshQueue();
  };

  const loadTopics = async () => {
    try {
      topics = await api.get<TopicChoice[]>('/api/topics');
    } catch (error) {
      // Without the menu the chat still works; it simply goes to the default queue.
      console.warn('Topics could not be loaded', error);
      topics = [];
    }
  };

  const refreshQueue = async () => {
    const token = tracker.beginFetch();
    try {
      const state = await api.get<QueueState>(`/api/conversations/${encodeURIComponent(conversation)}/queue`);
      if (tracker.fetched(token, state)) render();
    } catch (error) {
      console.warn('The place in the queue could not be loaded', error);
    }
  };

  element.hidden = true;
  return {
    element,
    async start() {
      await Promise.all([loadTopics(), refreshQueue()]);
      render();
    },
    async refresh() {
      await Promise.all([loadTopics(), refreshQueue()]);
      render();
    },
    setAnswered(value) {
      if (answered === value) return;
      answered = value;
      render();
    },
    onRouting(event) {
      if (event.type !== 'queue') return;
      const { type: _type, ...state } = event;
      if (tracker.frame(state)) render();
    },
  };
}
