import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { API_BEHAVIOURS } from '../edge-cache';
import { functionNeeds } from '../../lambdas/contract/functions';
import { routes, type Area } from '../../lambdas/contract/routes';
import { compileRoutes, lambdaContext, matchRoute, type RouteMatcher, toApiEvent } from './api-event';
import { EdgeCache, type EdgeAnswer } from './edge-cache';
import type { LambdaHandler } from './handlers';
import { serveStatic } from './static-site';

/** API Gateway refuses payloads over 10 MB before any function runs. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

export interface GatewayOptions {
  readonly handlers: Record<Area, LambdaHandler>;
  readonly siteRoot: string;
  readonly onError: (message: string, error: unknown) => void;
  /** Answers the requests it takes (the live events' publish and /config.json) before the site does. */
  readonly intercept?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
}

const jsonAnswer = (status: number, body: unknown): EdgeAnswer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
});

function send(response: ServerResponse, answer: EdgeAnswer): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= GATEWAY_MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > GATEWAY_MAX_BODY ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * One port for the site and `/api/*`, as CloudFront gives in AWS. API requests pass CloudFront's
 * cache for the API (emulated from the site stack's definition, lib/edge-cache.ts), then become
 * HTTP API v2 events routed by the same route table as the CDK stack, and go to the same handlers.
 */
export function createGateway(options: GatewayOptions): Server {
  const server = createApiServer(options);
  // Requests Node refuses before any handler runs (oversized headers or URL, malformed HTTP) still
  // get a JSON answer, as API Gateway gives its own.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const [status, message] =
      error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request headers or URL too large'] : [400, 'Bad Request'];
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/** What API Gateway and the function answer: CloudFront's origin for `/api/*`. */
async function callApi(
  options: GatewayOptions,
  matchers: readonly RouteMatcher[],
  request: IncomingMessage,
  path: string,
): Promise<EdgeAnswer> {
  const body = await readBody(request);
  if (body === undefined) return jsonAnswer(413, { message: 'Request Entity Too Large' });
  const matched = matchRoute(matchers, request.method ?? 'GET', path);
  // API Gateway's own answer when no route matches.
  if (!matched) return jsonAnswer(404, { message: 'Not Found' });
  const event = toApiEvent(
    {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress ?? '',
    },
    matched,
  );
  const result = await options.handlers[matched.route.area](
    event,
    lambdaContext(`local-${matched.route.area}`, functionNeeds[matched.route.area].timeoutSeconds * 1000),
  );
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  return {
    status: result.statusCode ?? 200,
    headers,
    body:
      result.body === undefined
        ? undefined
        : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  };
}

function createApiServer(options: GatewayOptions): Server {
  const matchers = compileRoutes(routes);
  const edgeCache = new EdgeCache(API_BEHAVIOURS);
  return createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (await options.intercept?.(request, response)) return;
      if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') {
        if (request.method !== 'GET' && request.method !== 'HEAD')
          return send(response, jsonAnswer(405, { message: 'Method Not Allowed' }));
        return serveStatic(options.siteRoot, url.pathname, response);
      }
      const edgeRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
      };
      send(
        response,
        await edgeCache.serve(edgeRequest, () => callApi(options, matchers, request, url.pathname)),
      );
    })().catch((error: unknown) => {
      options.onError('Gateway failure', error);
      // What API Gateway answers when the function itself fails.
      if (!response.headersSent) send(response, jsonAnswer(500, { message: 'Internal Server Error' }));
      else response.destroy();
    });
  });
}
