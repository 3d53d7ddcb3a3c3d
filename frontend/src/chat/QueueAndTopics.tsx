import { useRef } from 'preact/hooks';
import { translator } from '../i18n';
import type { ChatStore } from './store';

const tr = translator('chat');

/** Between the thread and the composer: the place in line, and the topic menu (protocol §14). */
export function QueueAndTopics({ store }: { store: ChatStore }) {
  const queue = store.queueView.value;
  const menu = store.topicMenu.value;
  const error = store.topicError.value;
  const box = useRef<HTMLDivElement>(null);
  const refocus = () => requestAnimationFrame(() => box.current?.querySelector<HTMLButtonElement>('#chat-topics [aria-pressed="true"], #chat-topics button')?.focus());
  const hidden = queue.kind === 'hidden' && menu.mode === 'hidden' && !error;
  return (
    <div class="chat-routing" id="chat-routing" hidden={hidden} ref={box}>
      <div role="status" aria-live="polite" class="queue-box">
        <p class="queue-status" id="queue-position" data-testid="queue-position" hidden={queue.kind !== 'waiting'} data-position={queue.kind === 'waiting' ? String(queue.position) : undefined}>
          {queue.kind === 'waiting' ? queue.text : ''}
        </p>
        <p class="queue-status queue-assigned" id="queue-assigned" data-testid="queue-assigned" hidden={queue.kind !== 'assigned'}>
          {queue.kind === 'assigned' ? queue.text : ''}
        </p>
      </div>
      <div class="chat-topics" id="chat-topics" data-testid="chat-topics" hidden={menu.mode === 'hidden'}>
        {menu.mode === 'chosen' ? (
          <p class="small" data-testid="topic-chosen">
            {tr('topic.chosen')} <strong>{menu.label}</strong>{' '}
            {menu.canChange ? (
              <button
                type="button"
                class="link-button"
                id="topic-change"
                data-testid="topic-change"
                onClick={() => {
                  store.changingTopic.value = true;
                  refocus();
                }}
              >
                {tr('topic.change')}
              </button>
            ) : null}
          </p>
        ) : menu.mode === 'choose' ? (
          <>
            <p class="chat-topics-question" id="chat-topics-question">
              {tr('topic.question')}
            </p>
            <div class="row" role="group" aria-labelledby="chat-topics-question">
              {menu.options.map((topic) => (
                <button key={topic.id} type="button" class="topic-choice" data-testid="topic-choice" data-topic-id={topic.id} aria-pressed={topic.id === menu.chosenId} disabled={store.topicBusy.value} onClick={() => void store.chooseTopic(topic).then(refocus)}>
                  {topic.label}
                </button>
              ))}
              {store.changingTopic.value && menu.chosenId ? (
                <button
                  type="button"
                  class="link-button"
                  data-testid="topic-keep"
                  onClick={() => {
                    store.changingTopic.value = false;
                    refocus();
                  }}
                >
                  {tr('topic.keep')}
                </button>
              ) : null}
            </div>
          </>
        ) : null}
      </div>
      <p class="error small" id="topic-error" data-testid="topic-error" role="alert" hidden={!error}>
        {error ?? ''}
      </p>
    </div>
  );
}
