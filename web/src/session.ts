/**
 * The signed-in session: the access token, when it stops being valid, and the username to greet.
 * Kept in localStorage so every page (and tab) of the site shares it.
 */
export interface Session {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly username: string;
}

export type SessionState =
  | { readonly kind: 'signed-in'; readonly session: Session }
  | { readonly kind: 'expired' }
  | { readonly kind: 'signed-out' };

const STORAGE_KEY = 'cloudclicker.session';
/** Give up on a token a little early so a request never races its expiry on the server. */
const EXPIRY_MARGIN_MS = 15_000;

/** Storage can be missing or throw (privacy modes, disabled cookies): fall back to memory. */
let memoryValue: string | null = null;

function storageGet(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return memoryValue;
  }
}

function storageSet(value: string | null): void {
  memoryValue = value;
  try {
    if (value === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Memory copy above keeps this page working.
  }
}

function parse(raw: string): Session | null {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { token, expiresAt, username } = value as Record<string, unknown>;
    if (typeof token !== 'string' || token === '' || typeof expiresAt !== 'number') return null;
    return { token, expiresAt, username: typeof username === 'string' ? username : '' };
  } catch {
    return null;
  }
}

/**
 * Anything stored that is not a usable token (too old, or unreadable) counts as an expired
 * session, so the user is told to sign in again rather than silently dropped.
 */
export function sessionState(now: number = Date.now()): SessionState {
  const raw = storageGet();
  if (raw === null) return { kind: 'signed-out' };
  const session = parse(raw);
  if (!session || session.expiresAt - EXPIRY_MARGIN_MS <= now) return { kind: 'expired' };
  return { kind: 'signed-in', session };
}

export function currentSession(): Session | null {
  const state = sessionState();
  return state.kind === 'signed-in' ? state.session : null;
}

export function saveSession(token: string, expiresInSeconds: number, username: string): Session {
  const session: Session = { token, expiresAt: Date.now() + expiresInSeconds * 1000, username };
  storageSet(JSON.stringify(session));
  return session;
}

/** Records the canonical spelling of the username once the server has told us. */
export function rememberUsername(username: string): void {
  const session = currentSession();
  if (session && session.username !== username) storageSet(JSON.stringify({ ...session, username }));
}

export function clearSession(): void {
  storageSet(null);
}

/** Calls back when another tab signs in or out, so this page can follow. */
export function onSessionChange(callback: () => void): void {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) callback();
  });
}
