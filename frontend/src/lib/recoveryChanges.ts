/**
 * Recoveries of the account (protocol §7.3) as the event socket announces them: each `{type:'recovery'}` frame, and
 * each time a socket (re)connects, since a frame sent while it was down reached nobody. Any page with an event
 * connection hears them; the pending-recovery banner subscribes and reads the state again.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

/** Calls `listener` whenever the recovery state may have changed; returns the unsubscribe. */
export function onRecoveryChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the subscribers; the event connection calls this. */
export function announceRecoveryChange(): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch {
      // one subscriber's failure must not keep the others from hearing
    }
  }
}
