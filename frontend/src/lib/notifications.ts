import { t } from '../i18n';
import type { LocalMessage } from './messageStore';
import { mentionsPerson } from './mentions';
import { h } from './ui';

/**
 * Telling an agent that something needs them: a conversation was assigned to them, or a note
 * mentions them. An in-page toast always; a browser notification and a short beep when the agent
 * switched them on (saved in this browser).
 */

export const NOTIFY_SETTING_KEY = 'switchboard.inbox.notify';

/** Mentions older than this when they reach the device (after a long time offline) get no beep. */
export const MENTION_FRESH_MS = 5 * 60_000;

export interface SettingStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function notifySetting(storage: SettingStorage | null): boolean {
  try {
    return storage?.getItem(NOTIFY_SETTING_KEY) === 'on';
  } catch {
    return false;
  }
}

export function saveNotifySetting(storage: SettingStorage | null, on: boolean): void {
  try {
    storage?.setItem(NOTIFY_SETTING_KEY, on ? 'on' : 'off');
  } catch {
    // storage full or blocked: the setting holds for this page only
  }
}

/**
 * Does a note that just reached this device mention me? Notes I wrote (from any of my devices'
 * person, or this device) do not count, nor do old ones that arrive after a long time offline.
 */
export function mentionsMe(
  message: Pick<LocalMessage, 'kind' | 'text' | 'sender' | 'senderName' | 'status'>,
  me: { deviceId: string; person: string },
  otherNames: readonly string[] = [],
): boolean {
  if (message.kind !== 'note' || message.status === 'undecryptable') return false;
  if (message.sender === me.deviceId) return false;
  if (message.senderName && message.senderName === me.person) return false;
  return mentionsPerson(message.text, me.person, otherNames);
}

/** Is this a whisper to me: in a conversation I have, from someone else (§14.5)? */
export function whisperedToMe(message: Pick<LocalMessage, 'kind' | 'sender' | 'status'>, myDeviceId: string, assigneeDeviceId: string | null | undefined): boolean {
  return message.kind === 'whisper' && message.status !== 'undecryptable' && message.sender !== myDeviceId && assigneeDeviceId === myDeviceId;
}

export function isFresh(message: Pick<LocalMessage, 'sentAt'>, nowMs: number): boolean {
  return nowMs - message.sentAt * 1000 < MENTION_FRESH_MS;
}

/** Notes mentioning me after the last one I saw in that conversation: the "@" count. */
export function unseenMentions(
  messages: readonly Pick<LocalMessage, 'seq' | 'kind' | 'text' | 'sender' | 'senderName' | 'status'>[],
  me: { deviceId: string; person: string },
  seenUpTo: number,
  otherNames: readonly string[] = [],
): number {
  return messages.filter((message) => message.seq > seenUpTo && mentionsMe(message, me, otherNames)).length;
}

// ---------------------------------------------------------------------------------------------
// Browser side

let audio: AudioContext | null = null;

/**
 * Prepares sound while the person interacts (browsers start audio only after a gesture): call it
 * from the setting's click.
 */
export function unlockSound(): void {
  try {
    const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Context) return;
    audio ??= new Context();
    void audio.resume();
  } catch {
    audio = null;
  }
}

/** A short two-tone beep (no sound file to fetch or cache). */
export function beep(): void {
  unlockSound();
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  const gain = audio.createGain();
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
  gain.connect(audio.destination);
  for (const [frequency, offset] of [[880, 0], [1320, 0.12]] as const) {
    const oscillator = audio.createOscillator();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.16);
  }
}

/** Asks for permission to show notifications; resolves with what the browser allows now. */
export async function askPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

export function permissionText(permission: NotificationPermission | 'unsupported'): string | null {
  if (permission === 'denied') return t('inbox:notify.denied');
  if (permission === 'unsupported') return t('inbox:notify.unsupported');
  return null;
}

/** A system notification (while the page is in the background); clicking it opens the conversation. */
export function browserNotification(title: string, body: string, tag: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    // Content stays on this device; the notification only carries what the page already shows.
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // some browsers allow notifications only from a service worker
  }
}

const TOAST_MS = 8000;

function toastRegion(): HTMLElement {
  let region = document.getElementById('toasts');
  if (!region) {
    region = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(region);
  }
  return region;
}

/** An in-page message at the corner; "Open" goes to the conversation. Goes away after 8 s or on ×. */
export function showToast(text: string, onOpen?: () => void): void {
  const region = toastRegion();
  const close = () => toast.remove();
  const toast = h(
    'div',
    { class: 'toast', 'data-testid': 'toast' },
    h('span', { class: 'toast-text' }, text),
    onOpen
      ? h('button', { type: 'button', class: 'link-button', 'data-testid': 'toast-open', onclick: () => { close(); onOpen(); } }, 'Open')
      : null,
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: close }, '\u00d7'),
  );
  region.appendChild(toast);
  setTimeout(close, TOAST_MS);
}
