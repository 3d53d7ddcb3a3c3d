/**
 * Small DOM helpers. Everything that comes from the server or from people is put into the page as
 * text (textContent, attribute values), never as HTML.
 */

import { t } from '../i18n';
import { roleLabel } from './roles';

export type Child = Node | string | number | null | undefined | false;

export interface Attributes {
  [name: string]: string | number | boolean | null | undefined | EventListener;
}

/**
 * Creates an element. Attributes whose value is a function and whose name starts with `on` become
 * event listeners; `true` sets a boolean attribute, `false`/null/undefined leave it out. Children
 * that are strings become text nodes.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) continue;
      if (typeof value === 'function') {
        element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
      } else if (value === true) {
        element.setAttribute(name, '');
      } else {
        element.setAttribute(name, String(value));
      }
    }
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing element #${id}`);
  return element as T;
}

export function maybeById<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

export function show(element: HTMLElement, visible = true): void {
  element.hidden = !visible;
}

export function hide(element: HTMLElement): void {
  element.hidden = true;
}

/** Shows `message` in an error box (role="alert"), or hides the box when message is empty. */
export function setMessage(element: HTMLElement, message: string | null | undefined): void {
  element.textContent = message ?? '';
  element.hidden = !message;
}

/**
 * An inline message under a form field, linked with aria-describedby and aria-invalid; created on
 * first use right after the field, with id `<field id>-error`.
 */
export function setFieldError(input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, message: string | null): void {
  const errorId = `${input.id}-error`;
  let box = document.getElementById(errorId);
  if (!box) {
    box = h('small', { id: errorId, class: 'field-error', 'aria-live': 'polite' });
    box.hidden = true;
    input.insertAdjacentElement('afterend', box);
    const describedBy = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    if (!describedBy.includes(errorId)) input.setAttribute('aria-describedby', [...describedBy, errorId].join(' '));
  }
  box.textContent = message ?? '';
  box.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** Moves keyboard focus into a panel that just opened (its first heading or the panel itself). */
export function focusPanel(panel: HTMLElement, preferred?: HTMLElement | null): void {
  const target = preferred ?? panel.querySelector<HTMLElement>('h2, h1') ?? panel;
  if (!target.hasAttribute('tabindex') && !isFocusable(target)) target.setAttribute('tabindex', '-1');
  target.focus();
  panel.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
}

function isFocusable(element: HTMLElement): boolean {
  return element.matches('a[href], button, input, select, textarea, [tabindex]');
}

/** Disables a button while `work` runs; shows `busyText` meanwhile. */
export async function whileBusy<T>(button: HTMLButtonElement, busyText: string, work: () => Promise<T>): Promise<T> {
  const text = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyText;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = text;
  }
}

/**
 * A modal confirmation (native <dialog>: focus is trapped and Escape cancels). Resolves true when
 * the person confirms. Ids: #confirm-dialog, #confirm-title, #confirm-text, #confirm-ok, #confirm-cancel.
 */
export function confirmDialog(title: string, text: string, confirmLabel: string, danger = true): Promise<boolean> {
  document.getElementById('confirm-dialog')?.remove();
  return new Promise((resolve) => {
    const ok = h('button', { type: 'button', id: 'confirm-ok', class: danger ? 'danger' : 'primary', 'data-testid': 'confirm-ok' }, confirmLabel);
    const cancel = h('button', { type: 'button', id: 'confirm-cancel', 'data-testid': 'confirm-cancel' }, t('common:cancel'));
    const dialog = h(
      'dialog',
      { id: 'confirm-dialog', class: 'dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text', 'data-testid': 'confirm-dialog' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { id: 'confirm-text' }, text),
      h('div', { class: 'row' }, ok, cancel),
    );
    let answered = false;
    const finish = (answer: boolean) => {
      if (answered) return;
      answered = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('close', () => finish(false));
    document.body.appendChild(dialog);
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    cancel.focus();
  });
}

// ---------------------------------------------------------------------------------------------
// Logged-out state

export type LogoutReason = 'removed' | 'primary-inactive' | 'unknown-device' | string;

let loggedOut = false;
const loggedOutListeners: Array<() => void> = [];

export function isLoggedOut(): boolean {
  return loggedOut;
}

/** Called once the logged-out screen shows (to stop pollers and sockets). */
export function onLoggedOut(listener: () => void): void {
  loggedOutListeners.push(listener);
}

export function logoutReasonText(reason: LogoutReason | null | undefined): string {
  switch (reason) {
    case 'primary-inactive':
      return 'The primary device was inactive for more than 14 days, so every linked device was logged out.';
    case 'unknown-device':
      return 'This server does not know this browser any more (its account may have been set up again).';
    case 'self':
      return 'This browser was logged out from here.';
    case 'removed':
    default:
      return 'The owner logged this browser out.';
  }
}

/** Where the logged-out screen's button leads: linking again (business devices) or starting over (customers). */
interface RelinkTarget {
  href: string;
  button: string;
  explanation: string;
}

let relinkTarget: RelinkTarget = {
  href: '/link',
  button: 'Link this browser again',
  explanation:
    'Its keys can no longer be used. To use Switchboard here again, link this browser once more; the owner approves it on the primary device.',
};

export function setRelinkTarget(target: RelinkTarget): void {
  relinkTarget = target;
}

/**
 * Replaces the page with a full-screen "This browser was logged out" state (#logged-out, reason in
 * #logged-out-reason). Its button clears this browser's identity and opens /link.
 */
export function showLoggedOut(reason: LogoutReason | null | undefined, clearIdentity: () => Promise<void>): void {
  if (!loggedOut) {
    loggedOut = true;
    for (const listener of loggedOutListeners.splice(0)) {
      try {
        listener();
      } catch {
        // a failing listener must not keep the screen from showing
      }
    }
  }
  document.getElementById('confirm-dialog')?.remove();
  const target = relinkTarget;
  const again = h('button', { type: 'button', id: 'link-again', class: 'primary', 'data-testid': 'link-again' }, target.button);
  again.addEventListener('click', async () => {
    again.disabled = true;
    try {
      await clearIdentity();
    } finally {
      location.assign(target.href);
    }
  });
  const screen = h(
    'section',
    { id: 'logged-out', class: 'logged-out-screen', role: 'alertdialog', 'aria-labelledby': 'logged-out-title', 'aria-describedby': 'logged-out-reason', 'data-reason': String(reason ?? 'removed'), 'data-testid': 'logged-out' },
    h(
      'div',
      { class: 'card' },
      h('h1', { id: 'logged-out-title' }, 'This browser was logged out'),
      h('p', { id: 'logged-out-reason', 'data-testid': 'logged-out-reason' }, logoutReasonText(reason)),
      h('p', { class: 'muted' }, target.explanation),
      h('div', { class: 'row' }, again),
    ),
  );
  document.getElementById('logged-out')?.remove();
  const app = document.getElementById('app');
  if (app) replaceChildren(app, screen);
  else document.body.appendChild(screen);
  const connection = document.getElementById('connection');
  if (connection) connection.hidden = true;
  document.title = 'Logged out · Switchboard';
  again.focus();
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** "Chrome on Linux" from a User-Agent string; at most 80 characters (the protocol's limit for labels). */
export function describeBrowser(userAgent: string): string {
  const browser = /Edg(e|A|iOS)?\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\/|FxiOS\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|Chromium\/|CriOS\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : 'Browser';
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : '';
  return (os ? `${browser} on ${os}` : browser).slice(0, 80);
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "just now", "5 minutes ago", "3 hours ago", "2 days ago", or "in 4 minutes" for future times;
 * beyond 30 days the date itself. Both arguments are milliseconds since the epoch.
 */
export function formatRelative(timeMs: number, nowMs: number): string {
  const seconds = Math.round((nowMs - timeMs) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  let text: string;
  if (abs < 90) text = '1 minute';
  else if (abs < HOUR) text = plural(Math.round(abs / MINUTE), 'minute');
  else if (abs < DAY) text = plural(Math.round(abs / HOUR), 'hour');
  else if (abs < 30 * DAY) text = plural(Math.round(abs / DAY), 'day');
  else return `on ${formatDate(timeMs)}`;
  return future ? `in ${text}` : `${text} ago`;
}

/** The exact local date and time, for title attributes. */
export function formatExact(timeMs: number): string {
  return new Date(timeMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function formatDate(timeMs: number): string {
  return new Date(timeMs).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** A <time> element showing the relative time with the exact time as its title. */
export function relativeTime(iso: string | number | null | undefined, nowMs = Date.now()): HTMLElement {
  if (iso === null || iso === undefined || iso === '') return h('span', { class: 'muted' }, 'never');
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return h('span', null, String(iso));
  return h('time', { datetime: new Date(ms).toISOString(), title: formatExact(ms) }, formatRelative(ms, nowMs));
}

/** "m:ss" for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The first letter of a name, for an avatar (whole grapheme where Intl.Segmenter exists). */
export function initialOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  const Segmenter = (Intl as unknown as { Segmenter?: new (locale?: string, options?: object) => { segment(text: string): Iterable<{ segment: string }> } }).Segmenter;
  if (Segmenter) {
    for (const { segment } of new Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)) return segment.toUpperCase();
  }
  return String.fromCodePoint(trimmed.codePointAt(0)!).toUpperCase();
}

/** Human name of a role, in the interface language (see roles.ts). */
export function roleName(role: string): string {
  return roleLabel(role);
}

/** Checks a person, label or display name: trimmed, 1–80 characters. Returns an error or null. */
export function checkName(value: string, what: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return `Enter ${what}.`;
  if (trimmed.length > 80) return `${capitalize(what)} can be at most 80 characters (now ${trimmed.length}).`;
  return null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The setup token from `#token=...` (also accepts `?token=`, for links whose fragment was lost). */
export function setupToken(hash: string, search = ''): string | null {
  for (const source of [hash.replace(/^#/, ''), search.replace(/^\?/, '')]) {
    const token = new URLSearchParams(source).get('token');
    if (token) return token;
  }
  return null;
}
