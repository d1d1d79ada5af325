/**
 * One WebSocket to an AppSync Events API (or local mode's copy of its protocol), subscribed to one
 * channel: connection_init, connection_ack with its timeout, the `ka` keep-alives, subscribe and
 * data. Anything that ends the subscription (close, error, a refusal, keep-alives that stop
 * coming) reports `onClosed` exactly once; reconnecting is the caller's business.
 */
import {
  AUTH_SUBPROTOCOL_PREFIX,
  EVENTS_SUBPROTOCOL,
  REALTIME_PATH,
} from '../../../lambdas/contract/live-events';

export interface LiveEndpoint {
  readonly realtimeUrl?: string;
  readonly httpHost?: string;
  readonly apiKey: string;
}

export interface EventsSocketHandlers {
  readonly onSubscribed: () => void;
  readonly onEvent: (event: unknown) => void;
  readonly onClosed: (reason: string) => void;
}

export interface EventsSocket {
  close(): void;
}

/** JSON as the auth subprotocol carries it: base64url, no padding (ASCII only: a host and a key). */
const base64Url = (text: string): string =>
  btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function openEventsSocket(
  endpoint: LiveEndpoint,
  channel: string,
  handlers: EventsSocketHandlers,
): EventsSocket {
  const sameOrigin = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${REALTIME_PATH}`;
  const authorization = { host: endpoint.httpHost ?? window.location.host, 'x-api-key': endpoint.apiKey };
  const subscriptionId = crypto.randomUUID();
  let ended = false;
  let silence: number | undefined;
  let socket: WebSocket;

  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    window.clearTimeout(silence);
    socket.close();
    handlers.onClosed(reason);
  };
  /** The server promises a message (a `ka` at least) within its timeout; silence means a dead link. */
  const expectWithin = (ms: number): void => {
    window.clearTimeout(silence);
    silence = window.setTimeout(() => end('no keep-alive'), ms);
  };
  let timeoutMs = 0;

  try {
    socket = new WebSocket(endpoint.realtimeUrl ?? sameOrigin, [
      EVENTS_SUBPROTOCOL,
      `${AUTH_SUBPROTOCOL_PREFIX}${base64Url(JSON.stringify(authorization))}`,
    ]);
  } catch {
    queueMicrotask(() => handlers.onClosed('cannot open'));
    return { close: () => undefined };
  }
  socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
  socket.addEventListener('close', () => end('closed'));
  socket.addEventListener('error', () => end('socket error'));
  socket.addEventListener('message', (message) => {
    let data: { type?: unknown; id?: unknown; event?: unknown; connectionTimeoutMs?: unknown };
    try {
      data = JSON.parse(String(message.data)) as typeof data;
    } catch {
      return;
    }
    if (timeoutMs > 0) expectWithin(timeoutMs);
    switch (data.type) {
      case 'connection_ack':
        timeoutMs = typeof data.connectionTimeoutMs === 'number' ? data.connectionTimeoutMs : 300_000;
        expectWithin(timeoutMs);
        socket.send(JSON.stringify({ type: 'subscribe', id: subscriptionId, channel, authorization }));
        return;
      case 'subscribe_success':
        if (data.id === subscriptionId) handlers.onSubscribed();
        return;
      case 'data':
        if (data.id !== subscriptionId || typeof data.event !== 'string') return;
        try {
          handlers.onEvent(JSON.parse(data.event));
        } catch {
          // Not JSON: not ours to show.
        }
        return;
      case 'connection_error':
      case 'subscribe_error':
        return end(String(data.type));
      default:
        return;
    }
  });
  return { close: () => end('closed by the page') };
}
