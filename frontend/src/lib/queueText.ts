import { t } from '../i18n';
import type { QueueState, TopicChoice } from './routingTypes';

/**
 * What the customer's chat page says about waiting (protocol §14.3 `GET …/queue`, §14.4 `queue`
 * frames) and about the topic menu. Pure, so every wording rule is tested without a browser.
 */

/** Shown instead of an estimate when the server has none (too few hand-offs from that queue lately). */
function noEstimate(): string {
  return t('chat:wait.none');
}

/**
 * "less than a minute", "about 4 min", "about 1 h 10 min". Beyond an hour the estimate is rounded
 * to 5 minutes: it is a rate over the last hour, and "1 h 12 min" would promise a precision it
 * does not have.
 */
export function formatWait(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return noEstimate();
  if (seconds < 60) return t('chat:wait.underMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('chat:wait.minutes', { minutes });
  const rounded = Math.round(minutes / 5) * 5;
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return rest === 0 ? t('chat:wait.hours', { hours }) : t('chat:wait.hoursMinutes', { hours, minutes: rest });
}

export type QueueView =
  | { kind: 'hidden' }
  | { kind: 'waiting'; position: number; text: string }
  | { kind: 'assigned'; text: string };

/**
 * The line above the composer. An assignment wins over a position (the server may send both while
 * an offer is out); a conversation that is neither queued nor assigned (not written yet, resolved,
 * snoozed, pending) shows nothing, because there is nothing to wait for. The router assigning is not
 * yet an agent joining: "has joined" waits until the business answered (`answered`).
 */
export function queueView(state: QueueState | null | undefined, answered = false): QueueView {
  if (!state) return { kind: 'hidden' };
  if (state.assigned && (state.status === 'open' || state.status === 'pending')) return { kind: 'assigned', text: answered ? t('chat:queue.joined') : t('chat:queue.assigned') };
  if (state.status !== 'open' || state.assigned) return { kind: 'hidden' };
  const position = state.position;
  if (position === null || position === undefined || !Number.isInteger(position) || position < 1) return { kind: 'hidden' };
  const place = position === 1 ? t('chat:queue.next') : t('chat:queue.number', { position });
  return { kind: 'waiting', position, text: `${place} \u00b7 ${formatWait(state.estimatedWaitSeconds)}` };
}

/**
 * Keeps the newest queue state of one conversation. The page asks `GET …/queue` at start and after
 * every reconnect while frames keep arriving on the socket; an answer to a request that was sent
 * before a frame arrived may be older than that frame, so it is dropped.
 */
export class QueueTracker {
  private current: QueueState | null = null;
  private generation = 0;

  constructor(readonly conversation: string) {}

  state(): QueueState | null {
    return this.current;
  }

  /**
   * Call before sending `GET …/queue`; hand the token back with its answer. Starting a fetch also
   * outdates earlier ones still under way: their answers were computed before this one's.
   */
  beginFetch(): number {
    return ++this.generation;
  }

  /** The answer of a fetch; returns true when it became the current state. */
  fetched(token: number, state: QueueState): boolean {
    if (token !== this.generation || state.conversation !== this.conversation) return false;
    this.current = state;
    return true;
  }

  /** A `queue` frame; frames about another conversation (a stale tab, a bug) are ignored. */
  frame(state: QueueState): boolean {
    if (state.conversation !== this.conversation) return false;
    this.current = state;
    this.generation++;
    return true;
  }
}

export type TopicMenuView =
  | { mode: 'hidden' }
  | { mode: 'choose'; question: string; options: TopicChoice[]; chosenId: string | null }
  | { mode: 'chosen'; label: string; canChange: boolean };

/**
 * The topic menu. Without topics there is no menu. Once an agent is assigned the choice no longer
 * routes anything, so it is shown read-only — and a customer who never chose is not asked any more.
 * `changing` is the customer having pressed "Change".
 */
export function topicMenuView(topics: readonly TopicChoice[], chosenId: string | null, assigned: boolean, changing = false): TopicMenuView {
  if (topics.length === 0) return { mode: 'hidden' };
  const chosen = chosenId ? topics.find((topic) => topic.id === chosenId) ?? null : null;
  if (assigned) return chosen ? { mode: 'chosen', label: chosen.label, canChange: false } : { mode: 'hidden' };
  if (chosen && !changing) return { mode: 'chosen', label: chosen.label, canChange: true };
  return { mode: 'choose', question: t('chat:topic.question'), options: [...topics], chosenId: chosen?.id ?? null };
}

/**
 * The customer's choice is not in the queue answer of §14.3, so the page remembers it per
 * conversation; a server that does send `topicId` is believed over the memory.
 */
export function effectiveTopicId(serverTopicId: string | null | undefined, remembered: string | null): string | null {
  if (serverTopicId !== undefined) return serverTopicId;
  return remembered;
}
