import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  AUTH_SUBPROTOCOL_PREFIX,
  EVENTS_SUBPROTOCOL,
  LIVE_NAMESPACE,
  PUBLISH_PATH,
  REALTIME_PATH,
  SITE_CONFIG_PATH,
  type SiteConfig,
} from '../../lambdas/contract/live-events';
import { eventSigner, signedPostHeaders, type SigningCredentials } from '../../lambdas/shared/event-signing';

/**
 * The part of the AppSync Events API that the site and the aggregator use, for local mode: the
 * WebSocket at /event/realtime (connection init with the auth subprotocol, subscribe, data,
 * unsubscribe, keep-alive, errors) and the signed HTTP publish at POST /event. As the stage's API is
 * configured (lib/constructs/live-events.ts), the API key connects and subscribes and nothing else;
 * only a request signed with the aggregator's credentials publishes.
 */
export interface LiveEventsOptions {
  /** The credentials and region the local aggregator signs its publishes with. */
  readonly publisher: SigningCredentials;
  readonly region: string;
  /** How often an idle socket gets a `ka`; AppSync's is about a minute. */
  readonly keepAliveMs?: number;
}

export interface LiveEvents {
  /** What /config.json tells the pages: the key, and no URL (the page's own origin serves the socket). */
  readonly siteConfig: SiteConfig;
  /** Answers POST /event and GET /config.json; false for any other request. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /** Takes the WebSocket upgrades of /event/realtime; false for any other path. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): void;
}

/** AppSync's own figure: a client that hears nothing (not even `ka`) for this long reconnects. */
const CONNECTION_TIMEOUT_MS = 300_000;
const DEFAULT_KEEP_ALIVE_MS = 60_000;
/** AppSync's limit on a publish request. */
const MAX_PUBLISH_BYTES = 240 * 1024;

/** The body, or undefined once it passes the limit. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_PUBLISH_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

interface ClientError {
  readonly errorType: string;
  readonly message: string;
}
const unauthorized: ClientError = {
  errorType: 'UnauthorizedException',
  message: 'You are not authorized to make this call.',
};
const badRequest = (message: string): ClientError => ({ errorType: 'BadRequestException', message });

/** A channel is `/<namespace>/<segment>…`; a subscription may end in `*` for a whole subtree. */
const VALID_CHANNEL = /^\/[A-Za-z0-9-]{1,50}(\/[A-Za-z0-9-]{1,50}){0,4}(\/\*)?$/;
const namespaceOf = (channel: string): string => channel.split('/')[1];

export function channelMatches(subscription: string, channel: string): boolean {
  if (!subscription.endsWith('/*')) return subscription === channel;
  return channel.startsWith(subscription.slice(0, -1));
}

/** The auth a client sends as its second subprotocol: `header-` and base64url JSON. */
function authOfProtocols(protocols: ReadonlySet<string>): Record<string, unknown> | undefined {
  for (const protocol of protocols) {
    if (!protocol.startsWith(AUTH_SUBPROTOCOL_PREFIX)) continue;
    try {
      const decoded = JSON.parse(
        Buffer.from(protocol.slice(AUTH_SUBPROTOCOL_PREFIX.length), 'base64url').toString('utf8'),
      ) as unknown;
      return typeof decoded === 'object' && decoded !== null
        ? (decoded as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface Subscriber {
  readonly socket: WebSocket;
  readonly subscriptions: Map<string, string>;
}

export function createLiveEvents(options: LiveEventsOptions): LiveEvents {
  const apiKey = `da2-local${randomBytes(12).toString('hex')}`;
  const signer = eventSigner(options.region, options.publisher);
  const subscribers = new Set<Subscriber>();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(EVENTS_SUBPROTOCOL) ? EVENTS_SUBPROTOCOL : false),
  });
  const keyOf = (auth: unknown): boolean =>
    typeof auth === 'object' && auth !== null && (auth as Record<string, unknown>)['x-api-key'] === apiKey;

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const protocols = new Set(
      String(request.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim()),
    );
    const connectionAuthorized = keyOf(authOfProtocols(protocols));
    const subscriber: Subscriber = { socket, subscriptions: new Map() };
    const send = (message: object): void => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    };
    let keepAlive: NodeJS.Timeout | undefined;
    socket.on('close', () => {
      clearInterval(keepAlive);
      subscribers.delete(subscriber);
    });
    socket.on('message', (raw) => {
      let message: Record<string, unknown>;
      try {
        const parsed = JSON.parse(String(raw)) as unknown;
        if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
        message = parsed as Record<string, unknown>;
      } catch {
        return send({ type: 'error', errors: [badRequest('Messages are JSON objects')] });
      }
      const id = typeof message.id === 'string' ? message.id : undefined;
      switch (message.type) {
        case 'connection_init':
          if (!connectionAuthorized) {
            send({ type: 'connection_error', errors: [unauthorized] });
            return socket.close(1008, 'Unauthorized');
          }
          subscribers.add(subscriber);
          send({ type: 'connection_ack', connectionTimeoutMs: CONNECTION_TIMEOUT_MS });
          keepAlive = setInterval(() => send({ type: 'ka' }), options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
          return;
        case 'subscribe': {
          const channel = typeof message.channel === 'string' ? message.channel : '';
          if (!id)
            return send({ type: 'subscribe_error', errors: [badRequest('A subscription needs an id')] });
          if (!subscribers.has(subscriber))
            return send({ type: 'subscribe_error', id, errors: [badRequest('Send connection_init first')] });
          if (!VALID_CHANNEL.test(channel) || namespaceOf(channel) !== LIVE_NAMESPACE)
            return send({ type: 'subscribe_error', id, errors: [badRequest(`No channel ${channel}`)] });
          if (!keyOf(message.authorization))
            return send({ type: 'subscribe_error', id, errors: [unauthorized] });
          subscriber.subscriptions.set(id, channel);
          return send({ type: 'subscribe_success', id });
        }
        case 'unsubscribe':
          if (!id || !subscriber.subscriptions.delete(id))
            return send({ type: 'unsubscribe_error', id, errors: [badRequest('No such subscription')] });
          return send({ type: 'unsubscribe_success', id });
        case 'publish':
          // Publishing takes IAM, which a browser's key is not.
          return send({ type: 'publish_error', id, errors: [unauthorized] });
        default:
          return send({
            type: 'error',
            id,
            errors: [badRequest(`Unknown message type ${String(message.type)}`)],
          });
      }
    });
  });

  const broadcast = (channel: string, event: string): void => {
    for (const { socket, subscriptions } of subscribers) {
      for (const [id, subscription] of subscriptions) {
        if (channelMatches(subscription, channel) && socket.readyState === WebSocket.OPEN)
          socket.send(JSON.stringify({ type: 'data', id, event }));
      }
    }
  };

  /** Signed by the aggregator: the same request signed again with its credentials gives the same signature. */
  const signedByPublisher = async (request: IncomingMessage, body: Buffer): Promise<boolean> => {
    const authorization = String(request.headers.authorization ?? '');
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
    const date = String(request.headers['x-amz-date'] ?? '');
    const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    if (!when || !signedHeaders.includes('host')) return false;
    const signingDate = new Date(`${when[1]}-${when[2]}-${when[3]}T${when[4]}:${when[5]}:${when[6]}Z`);
    // As AppSync, a signature older (or newer) than 5 minutes is refused.
    if (Math.abs(Date.now() - signingDate.getTime()) > 5 * 60_000) return false;
    const headers: Record<string, string> = {};
    for (const name of signedHeaders)
      if (name !== 'host' && name !== 'x-amz-date') headers[name] = String(request.headers[name] ?? '');
    const url = new URL(PUBLISH_PATH, `http://${request.headers.host ?? 'localhost'}`);
    const expected = await signedPostHeaders(signer, url, body.toString('utf8'), headers, signingDate);
    return expected.authorization === authorization;
  };

  const publish = async (request: IncomingMessage): Promise<[number, object]> => {
    const body = await readBody(request);
    if (body === undefined) return [413, { errors: [badRequest('The publish is too large')] }];
    if (!(await signedByPublisher(request, body))) return [401, { errors: [unauthorized] }];
    let parsed: { channel?: unknown; events?: unknown };
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      return [400, { errors: [badRequest('The body is not JSON')] }];
    }
    const { channel, events } = parsed;
    if (
      typeof channel !== 'string' ||
      !VALID_CHANNEL.test(channel) ||
      channel.endsWith('*') ||
      namespaceOf(channel) !== LIVE_NAMESPACE ||
      !Array.isArray(events) ||
      events.length === 0 ||
      events.length > 5 ||
      !events.every((e) => typeof e === 'string')
    )
      return [400, { errors: [badRequest('A publish names a channel of the namespace and 1 to 5 events')] }];
    for (const event of events as string[]) broadcast(channel, event);
    return [
      200,
      { successful: (events as string[]).map((_, index) => ({ identifier: `${index}`, index })), failed: [] },
    ];
  };

  const siteConfig: SiteConfig = { live: { apiKey } };
  const answer = (response: ServerResponse, status: number, body: object): void => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
    response.end(JSON.stringify(body));
  };

  return {
    siteConfig,
    async handle(request, response) {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === SITE_CONFIG_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
        answer(response, 200, siteConfig);
        return true;
      }
      if (path !== PUBLISH_PATH) return false;
      if (request.method !== 'POST') answer(response, 405, { errors: [badRequest('POST only')] });
      else answer(response, ...(await publish(request)));
      return true;
    },
    upgrade(request, socket, head) {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== REALTIME_PATH) return false;
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
      return true;
    },
    close() {
      for (const { socket } of subscribers) socket.terminate();
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    },
  };
}

/** Joins the live events to the gateway's server: its upgrades, and its requests before the site's. */
export function attachUpgrades(server: Server, live: LiveEvents): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!live.upgrade(request, socket, head)) socket.destroy();
  });
}
