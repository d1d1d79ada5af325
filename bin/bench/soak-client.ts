/**
 * The soak's HTTP client: every request has a timeout, and every answer is counted per endpoint
 * (route template, e.g. `PUT /api/parks/{parkId}/reviews/me`) with its status and latency.
 */

export interface Answer<T = Record<string, unknown>> {
  /** 0 when no answer came (connection error or timeout). */
  readonly status: number;
  readonly body: T;
  /** Set when no answer came. */
  readonly error?: string;
}

export interface EndpointStats {
  requests: number;
  /** Answers per status, e.g. `{ "200": 12, "503": 1 }`; `"error"` for no answer. */
  readonly statuses: Record<string, number>;
  readonly ms: number[];
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** Long enough for a saturated local mode, short enough that a stuck request cannot hang the soak. */
export const REQUEST_TIMEOUT_MS = 30_000;

export class SoakClient {
  readonly stats = new Map<string, EndpointStats>();
  /** Counting stops here: the final checks' reads are not part of the soak's traffic. */
  counting = true;

  constructor(private readonly origin: string) {}

  /** `route` names the endpoint in the report; `path` is what is requested. */
  async call<T = Record<string, unknown>>(
    method: string,
    route: string,
    path: string,
    options: CallOptions = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const started = process.hrtime.bigint();
    let answer: Answer<T>;
    try {
      const response = await fetch(`${this.origin}${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      let parsed: unknown = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = { unparsable: text.slice(0, 200) };
      }
      answer = { status: response.status, body: parsed as T };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      answer = {
        status: 0,
        body: {} as T,
        error: `${error instanceof Error ? error.name : 'Error'}${cause}`,
      };
    }
    if (this.counting)
      this.record(`${method} ${route}`, answer, Number(process.hrtime.bigint() - started) / 1e6);
    return answer;
  }

  private record(endpoint: string, answer: Answer<unknown>, ms: number): void {
    let stats = this.stats.get(endpoint);
    if (!stats) this.stats.set(endpoint, (stats = { requests: 0, statuses: {}, ms: [] }));
    stats.requests++;
    const key = answer.status === 0 ? 'error' : String(answer.status);
    stats.statuses[key] = (stats.statuses[key] ?? 0) + 1;
    stats.ms.push(ms);
  }

  totals(): { requests: number; failed: number } {
    let requests = 0;
    let failed = 0;
    for (const s of this.stats.values()) {
      requests += s.requests;
      for (const [status, n] of Object.entries(s.statuses)) if (!status.startsWith('2')) failed += n;
    }
    return { requests, failed };
  }

  /** Every answer that was not a 2xx, by status, over all endpoints. */
  failuresByStatus(): Map<string, number> {
    const byStatus = new Map<string, number>();
    for (const s of this.stats.values()) {
      for (const [status, n] of Object.entries(s.statuses))
        if (!status.startsWith('2')) byStatus.set(status, (byStatus.get(status) ?? 0) + n);
    }
    return new Map([...byStatus].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Reads every page of a list endpoint (`?limit=&cursor=`), in order. */
export async function allPages<T>(
  client: SoakClient,
  route: string,
  path: string,
  field: string,
  options: { token?: string; limit: number },
): Promise<{ items: T[]; pages: number; failure?: string }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const join = path.includes('?') ? '&' : '?';
  do {
    const query = `${join}limit=${options.limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer: Answer<Record<string, unknown>> = await client.call('GET', route, `${path}${query}`, {
      token: options.token,
    });
    pages++;
    if (answer.status !== 200)
      return { items, pages, failure: `page ${pages} answered ${answer.status || answer.error}` };
    const page = answer.body[field];
    if (!Array.isArray(page)) return { items, pages, failure: `page ${pages} has no "${field}" list` };
    items.push(...(page as T[]));
    const next = answer.body.next_cursor;
    cursor = typeof next === 'string' ? next : null;
    // Bounded: a list that never ends is a failure, not a hang.
    if (pages > 10_000) return { items, pages, failure: 'more than 10,000 pages' };
  } while (cursor);
  return { items, pages };
}
