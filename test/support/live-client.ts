import {
  AUTH_SUBPROTOCOL_PREFIX,
  EVENTS_SUBPROTOCOL,
  REALTIME_PATH,
  SITE_CONFIG_PATH,
  type SiteConfig,
} from '../../lambdas/contract/live-events';

export type LiveMessage = Record<string, unknown> & { type: string };

/**
 * A WebSocket client of the AppSync Events protocol, as a test drives it: every message the server
 * sends is kept, and `next` waits for the first one not yet taken that matches.
 */
export class LiveClient {
  private readonly received: LiveMessage[] = [];
  private readonly waiters = new Set<() => void>();
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      this.received.push(JSON.parse(String(event.data)) as LiveMessage);
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason })),
    );
  }

  /** Opens the socket with the auth subprotocol the page sends (`auth` null: none at all). */
  static async connect(baseUrl: string, auth: Record<string, string> | null): Promise<LiveClient> {
    const url = new URL(REALTIME_PATH, baseUrl.replace(/^http/, 'ws'));
    const protocols = [EVENTS_SUBPROTOCOL];
    if (auth)
      protocols.push(`${AUTH_SUBPROTOCOL_PREFIX}${Buffer.from(JSON.stringify(auth)).toString('base64url')}`);
    const socket = new WebSocket(url, protocols);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`could not connect to ${url.href}`)), {
        once: true,
      });
    });
    return new LiveClient(socket);
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  async next(matches: (m: LiveMessage) => boolean, withinMs = 2_000): Promise<LiveMessage> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const index = this.received.findIndex(matches);
      if (index >= 0) return this.received.splice(index, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching message in ${withinMs} ms; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** Every message received so far and not taken. */
  pending(): readonly LiveMessage[] {
    return this.received;
  }

  close(): void {
    this.socket.close();
  }
}

export async function siteConfigOf(baseUrl: string): Promise<SiteConfig> {
  const answer = await fetch(new URL(SITE_CONFIG_PATH, baseUrl));
  if (!answer.ok) throw new Error(`/config.json answered ${answer.status}`);
  return (await answer.json()) as SiteConfig;
}
