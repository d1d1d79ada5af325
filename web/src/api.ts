/**
 * The one way pages talk to the API: JSON in and out, the bearer token attached from the session,
 * and every failure turned into an ApiError whose message is fit to show a user (never
 * "undefined", never a raw status line).
 */
import { herePath, signInUrl } from './links';
import { clearSession, sessionState } from './session';

export type AuthMode = 'none' | 'optional' | 'required';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  readonly method?: HttpMethod;
  readonly body?: unknown;
  /** `required`: no valid session sends the user to sign in; `optional`: token sent if we have one. */
  readonly auth?: AuthMode;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when no answer arrived (offline, DNS, timeout). */
    readonly status: number,
    /** Per-field problems from a 400, keyed by field name. */
    readonly fields: Readonly<Record<string, string>> = {},
    readonly code?: string,
    readonly retryAfterSeconds?: number,
    /** The whole error body, for the few answers that carry more than a message (chat's conversationId). */
    readonly body: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth sending again unchanged: nothing answered, or the server said "not now". */
  get retryable(): boolean {
    return (
      this.status === 0 ||
      this.status === 429 ||
      this.status === 502 ||
      this.status === 503 ||
      this.status === 504
    );
  }
}

export const OFFLINE_MESSAGE = "Can't reach the server. Check your connection and try again.";
const DEFAULT_TIMEOUT_MS = 15_000;

const FALLBACK_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Please check what you entered and try again.',
  401: 'Please sign in again.',
  403: "You're not allowed to do that.",
  404: "We couldn't find that.",
  409: 'That conflicts with something that already exists.',
  413: 'That is too large to send.',
  415: 'The request was not sent as JSON.',
  429: 'Too many requests. Please wait a moment and try again.',
};

function fallbackMessage(status: number): string {
  return (
    FALLBACK_MESSAGES[status] ??
    (status >= 500 ? 'The server had a problem. Please try again.' : `Request failed (${status}).`)
  );
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, problem] of Object.entries(value)) {
    if (typeof problem === 'string' && problem !== '') out[key] = problem;
  }
  return out;
}

function retryAfter(res: Response): number | undefined {
  const header = res.headers.get('Retry-After');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function errorFrom(res: Response): Promise<ApiError> {
  const body = await readJson(res).catch(() => undefined);
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message =
    typeof record.message === 'string' && record.message.trim() !== ''
      ? record.message
      : fallbackMessage(res.status);
  const code = typeof record.code === 'string' ? record.code : undefined;
  return new ApiError(message, res.status, stringRecord(record.fields), code, retryAfter(res), record);
}

/**
 * Leaves the page for sign-in. The returned promise never settles on purpose: the page is going
 * away, and callers should neither show an error nor carry on meanwhile.
 */
export function sendToSignIn(expired: boolean): Promise<never> {
  if (expired) clearSession();
  window.location.replace(signInUrl({ expired, next: herePath() }));
  return new Promise<never>(() => undefined);
}

export async function apiFetch(path: string, request: ApiRequest = {}): Promise<unknown> {
  return (await apiRequest(path, request)).data;
}

export interface ApiAnswer {
  readonly status: number;
  /** The parsed JSON body; null for an empty one (204). */
  readonly data: unknown;
}

/** Like apiFetch, for the few callers that tell answers apart by status (201 created vs 200 updated). */
export async function apiRequest(path: string, request: ApiRequest = {}): Promise<ApiAnswer> {
  const { method = 'GET', body, auth = 'none', signal } = request;
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };

  let sentToken = false;
  if (auth !== 'none') {
    const state = sessionState();
    if (state.kind === 'signed-in') {
      headers.Authorization = `Bearer ${state.session.token}`;
      sentToken = true;
    } else if (auth === 'required') {
      return sendToSignIn(state.kind === 'expired');
    }
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onCallerAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onCallerAbort, { once: true });

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(OFFLINE_MESSAGE, 0);
  } finally {
    window.clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
  }

  if (res.status === 401 && sentToken) return sendToSignIn(true);
  if (!res.ok) throw await errorFrom(res);
  const data = await readJson(res).catch(() => undefined);
  if (data === undefined)
    throw new ApiError('The server sent an answer we could not read. Please try again.', res.status);
  return { status: res.status, data };
}

/* Small readers so a page never renders a field the server did not send. */

export type Json = Readonly<Record<string, unknown>>;

function malformed(what: string): ApiError {
  return new ApiError(`The server sent an unexpected answer (${what}). Please try again.`, 200);
}

export function asObject(value: unknown, what = 'body'): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(what);
  return value as Json;
}

export function numberField(obj: Json, key: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(key);
  return value;
}

export function stringField(obj: Json, key: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw malformed(key);
  return value;
}

export function arrayField(obj: Json, key: string): readonly unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) throw malformed(key);
  return value;
}

/** A text field the server may leave out or send as null (an optional title, note, …). */
export function optionalStringField(obj: Json, key: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw malformed(key);
  return value;
}

export function optionalNumberField(obj: Json, key: string): number | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(key);
  return value;
}

/** One page of a paginated list (`?limit=&cursor=` in, `next_cursor` out). */
export interface Page<T> {
  readonly items: readonly T[];
  /** Where the next page starts; null on the last page. */
  readonly nextCursor: string | null;
}

export function pageOf<T>(body: Json, key: string, read: (raw: Json, index: number) => T): Page<T> {
  const items = arrayField(body, key).map((raw, i) => read(asObject(raw, `${key}[${i}]`), i));
  const cursor = body.next_cursor;
  if (cursor !== undefined && cursor !== null && typeof cursor !== 'string') throw malformed('next_cursor');
  return { items, nextCursor: typeof cursor === 'string' && cursor !== '' ? cursor : null };
}

/** `?limit=…&cursor=…` for a list request; the cursor is opaque and passed back untouched. */
export function listQuery(cursor: string | null | undefined, limit?: number): string {
  const query = new URLSearchParams();
  if (limit !== undefined) query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  const qs = query.toString();
  return qs ? `?${qs}` : '';
}

/** A path segment from an id the server or the address bar gave us. */
export const segment = (id: string): string => encodeURIComponent(id);

/** A message for any thrown value, for the places that catch more than ApiError. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Please try again.';
}
