import type { HistoryBar } from '../lib/historySync';

/** A newly linked device's history arriving (the inbox's and the chat's): "Syncing history: 3 of 5 messages", and a note when it stalls. */
export function HistoryProgress({ bar, waitingText }: { bar: HistoryBar | null; waitingText: string }) {
  return (
    <>
      <div
        class="history-progress"
        id="history-progress"
        data-testid="history-progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuenow={bar?.synced}
        aria-valuemax={bar?.total}
        aria-valuetext={bar?.text}
        hidden={!bar}
      >
        <span class="history-progress-text small">{bar?.text ?? ''}</span> <progress class="history-progress-meter" aria-hidden="true" max={Math.max(1, bar?.total ?? 1)} value={bar?.synced ?? 0} />
      </div>
      <p class="muted small history-waiting" id="history-waiting" data-testid="history-waiting" hidden={!bar?.waiting}>
        {waitingText}
      </p>
    </>
  );
}
