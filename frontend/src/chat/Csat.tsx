import { useState } from 'preact/hooks';
import { translator } from '../i18n';
import type { ChatStore } from './store';

const tr = translator('supervise');

/**
 * After a resolve: "How did we do?" with a rating from 1 to 5 and an optional comment (protocol §13.6).
 * The rating goes to the server as metadata; the comment is an end-to-end encrypted message.
 */
export function Csat({ store }: { store: ChatStore }) {
  const csat = store.csat.value;
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  if (store.csatThanks.value) {
    return (
      <p class="csat csat-thanks" data-testid="csat-thanks" role="status">
        {tr('csat.thanks')}
      </p>
    );
  }
  if (!csat || csat.resolvedAt === null || csat.rating !== null) return null;
  return (
    <form
      class="csat card"
      data-testid="csat"
      aria-labelledby="csat-question"
      onSubmit={(event) => {
        event.preventDefault();
        if (rating !== null) void store.rate(rating, comment);
      }}
    >
      <p id="csat-question" class="csat-question">
        {tr('csat.question')}
      </p>
      <div class="csat-stars" role="group" aria-labelledby="csat-question">
        {[1, 2, 3, 4, 5].map((value) => (
          <button
            key={value}
            type="button"
            class={`csat-star${rating !== null && value <= rating ? ' on' : ''}`}
            data-testid={`csat-star-${value}`}
            aria-pressed={rating === value}
            aria-label={tr('csat.star', { count: value })}
            onClick={() => setRating(value)}
          >
            ★
          </button>
        ))}
      </div>
      <label class="small" for="csat-comment">
        {tr('csat.comment')}
      </label>
      <textarea id="csat-comment" data-testid="csat-comment" rows={2} maxLength={2000} value={comment} onInput={(event) => setComment((event.target as HTMLTextAreaElement).value)} />
      {store.csatError.value ? (
        <p class="error small" role="alert" data-testid="csat-error">
          {store.csatError.value}
        </p>
      ) : null}
      <button type="submit" data-testid="csat-submit" disabled={rating === null || store.csatBusy.value} title={rating === null ? tr('csat.pick') : undefined}>
        {tr('csat.send')}
      </button>
    </form>
  );
}
