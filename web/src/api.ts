/**
 * The one way pages talk to the API: openapi-fetch typed by the generated contract
 * (api-schema.ts), so every path, parameter, body and answer field is checked by the compiler.
 * `call` adds what every request needs: the bearer token from the session, a timeout, sign-in on
 * a rejected token, and every failure turned into an ApiError whose message is fit to show a user
 * (never "undefined", never a raw status line).
 */
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './api-schema';
import { herePath, signInUrl } from './links';
import { clearSession, sessionState } from './session';

export type AuthMode = 'none' | 'optional' | 'required';

export interface CallOptions {
  /** `required`: no valid session sends the user to sign in; `optional`: token sent if we have one. */
  readonly auth?: AuthMode;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** The API's error body. */
export type ErrorBody = components['schemas']['Error'];

type JsonOf<R> = R extends { readonly content: { readonly 'application/json': infer B } } ? B : never;
type SuccessOf<R> = R extends { readonly 200: infer A } ? A : R extends { readonly 201: infer A } ? A : never;

/** The JSON an operation answers with on success, as the server's schema declares it. */
export type ResponseBody<O extends keyof operations> = JsonOf<SuccessOf<operations[O]['responses']>>;
/** The JSON body an operation takes. */
export type RequestBody<O extends keyof operations> = JsonOf<NonNullable<operations[O]['requestBody']>>;

export const api = createClient<paths>({
  headers: { Accept: 'application/json' },
  credentials: 'same-origin',
  cache: 'no-store',
});

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
const UNREADABLE_MESSAGE = 'The server sent an answer we could not read. Please try again.';
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

function retryAfter(res: Response): number | undefined {
  const header = res.headers.get('Retry-After');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * The error body is the one answer not shaped by the route's schema: a proxy, a gateway or a
 * crash can send anything, so it is checked before use.
 */
export function errorFrom(res: Response, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Partial<ErrorBody>) : {};
  const message =
    typeof record.message === 'string' && record.message.trim() !== ''
      ? record.message
      : fallbackMessage(res.status);
  const fields: Record<string, string> = {};
  for (const [key, problem] of Object.entries(record.fields ?? {})) {
    if (typeof problem === 'string' && problem !== '') fields[key] = problem;
  }
  const code = typeof record.code === 'string' ? record.code : undefined;
  return new ApiError(message, res.status, fields, code, retryAfter(res), { ...record });
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

/** What `call` hands each request: the token (if any) and a signal that also fires on timeout. */
export type RequestExtras = {
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal;
};

/** What openapi-fetch resolves to. */
interface Outcome {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

export interface Answer<O extends Outcome> {
  readonly status: number;
  readonly data: Exclude<O['data'], undefined>;
}

/** The Authorization header for this call, or a trip to sign-in when it needs a session we lack. */
export function authHeaders(auth: AuthMode): Record<string, string> | Promise<never> {
  if (auth === 'none') return {};
  const state = sessionState();
  if (state.kind === 'signed-in') return { Authorization: `Bearer ${state.session.token}` };
  return auth === 'required' ? sendToSignIn(state.kind === 'expired') : {};
}

/**
 * Sends one typed request and returns its answer, or throws an ApiError: status 0 when nothing
 * answered (offline, timeout), the server's message, fields and Retry-After otherwise.
 *
 * Usage: `await call((extras) => api.GET('/api/parks/{parkId}', { params, ...extras }), { signal })`.
 */
export async function call<O extends Outcome>(
  send: (extras: RequestExtras) => Promise<O>,
  options: CallOptions = {},
): Promise<Answer<O>> {
  const headers = authHeaders(options.auth ?? 'none');
  if (headers instanceof Promise) return headers;
  const { signal } = options;
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onCallerAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  let outcome: O;
  try {
    outcome = await send({ headers, signal: controller.signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    // A success whose body is not JSON fails in the parser; anything else means no answer.
    throw err instanceof SyntaxError
      ? new ApiError(UNREADABLE_MESSAGE, 200)
      : new ApiError(OFFLINE_MESSAGE, 0);
  } finally {
    window.clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
  }
  const { response } = outcome;
  if (response.status === 401 && 'Authorization' in headers) return sendToSignIn(true);
  if (!response.ok) throw errorFrom(response, outcome.error);
  return { status: response.status, data: outcome.data as Exclude<O['data'], undefined> };
}

/** One page of a paginated list (`?limit=&cursor=` in, `next_cursor` out). */
export interface Page<T> {
  readonly items: readonly T[];
  /** Where the next page starts; null on the last page. */
  readonly nextCursor: string | null;
}

/** A list answer's items with its cursor; an empty cursor means the last page, like a missing one. */
export function pageOf<T>(items: readonly T[], nextCursor: string | null | undefined): Page<T> {
  return { items, nextCursor: nextCursor ? nextCursor : null };
}

/** `limit` and `cursor` query parameters; the cursor is opaque and passed back untouched. */
export function listQuery(
  cursor: string | null | undefined,
  limit?: number,
): { limit?: string; cursor?: string } {
  return { ...(limit !== undefined ? { limit: String(limit) } : {}), ...(cursor ? { cursor } : {}) };
}

/** Whether an error is the API's "there is no such thing". */
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

/** A message for any thrown value, for the places that catch more than ApiError. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Please try again.';
}
