/**
 * Settings changes, as the server announces them on the event socket (`{type:'settings', changed}` after an
 * admin changed teams, topics, canned replies or where third-party chats are shown). Any page with an event connection hears them; code that shows
 * one of those lists subscribes and reads it again:
 *
 *   const stop = onSettingsChange('canned-replies', () => void reloadCannedReplies());
 *
 * No DOM here, so stores and tests use it directly.
 */
export type SettingsList = 'teams' | 'topics' | 'canned-replies' | 'third-party-folder';

export const SETTINGS_LISTS: readonly SettingsList[] = ['teams', 'topics', 'canned-replies', 'third-party-folder'];

type Listener = (changed: SettingsList) => void;

const listeners = new Set<{ list: SettingsList | null; listener: Listener }>();

export function isSettingsList(value: unknown): value is SettingsList {
  return typeof value === 'string' && (SETTINGS_LISTS as readonly string[]).includes(value);
}

/** Calls `listener` whenever `list` changes (or any list, when `list` is null); returns the unsubscribe. */
export function onSettingsChange(list: SettingsList | null, listener: Listener): () => void {
  const entry = { list, listener };
  listeners.add(entry);
  return () => listeners.delete(entry);
}

/** Tells the subscribers; the event connection calls this for each `settings` frame. */
export function announceSettingsChange(changed: unknown): void {
  if (!isSettingsList(changed)) return;
  for (const { list, listener } of [...listeners]) {
    if (list !== null && list !== changed) continue;
    try {
      listener(changed);
    } catch {
      // one subscriber's failure must not keep the others from hearing
    }
  }
}
