/**
 * The short welcome a freshly linked browser shows once, in the inbox: the link page leaves it here and the
 * inbox takes it (so a reload does not show it again). No DOM; the inbox renders `<Welcome />` from
 * src/link/Welcome.tsx.
 */
export const WELCOME_KEY = 'switchboard.welcome';

export interface WelcomeNote {
  person: string;
  role: string;
  business: string | null;
}

export function leaveWelcome(note: WelcomeNote, storage: Pick<Storage, 'setItem'> | undefined = globalThis.sessionStorage): void {
  try {
    storage?.setItem(WELCOME_KEY, JSON.stringify(note));
  } catch {
    // storage blocked: no welcome, linking still worked
  }
}

/** The welcome left for this tab, once. */
export function takeWelcome(storage: Pick<Storage, 'getItem' | 'removeItem'> | undefined = globalThis.sessionStorage): WelcomeNote | null {
  try {
    const raw = storage?.getItem(WELCOME_KEY);
    if (!raw) return null;
    storage!.removeItem(WELCOME_KEY);
    const value = JSON.parse(raw) as Partial<WelcomeNote>;
    return typeof value.person === 'string' && typeof value.role === 'string'
      ? { person: value.person, role: value.role, business: typeof value.business === 'string' ? value.business : null }
      : null;
  } catch {
    return null;
  }
}
