import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export type StubBehaviour =
  | { readonly kind: 'reply'; readonly text: string }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'slow'; readonly ms: number; readonly text: string };

export interface Stub {
  readonly url: string;
  readonly requests: RecordedRequest[];
  behave(next: StubBehaviour): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for a provider's public endpoint: it records every request for the
 * test to check, and answers as told (a reply in the provider's wire format, an error, or slowly).
 */
function startStub(format: (text: string) => unknown): Promise<Stub> {
  const requests: RecordedRequest[] = [];
  let behaviour: StubBehaviour = { kind: 'reply', text: 'stub reply' };
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      const current = behaviour;
      if (current.kind === 'reply') send(200, format(current.text));
      else if (current.kind === 'error')
        send(current.status, current.body ?? { message: 'stub failure' }, current.headers);
      else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(200, format(current.text));
        }, current.ms);
        timers.add(timer);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        behave: (next) => {
          behaviour = next;
        },
        close: () =>
          new Promise((done) => {
            for (const timer of timers) clearTimeout(timer);
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Bedrock runtime's Converse API (POST /model/{modelId}/converse). */
export const startBedrockStub = (): Promise<Stub> =>
  startStub((text) => ({
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: 10, outputTokens: 10, totalTokens: 20 },
    metrics: { latencyMs: 1 },
  }));

/** The Gemini API's generateContent. */
export const startGeminiStub = (): Promise<Stub> =>
  startStub((text) => ({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
  }));

/** Secrets Manager's GetSecretValue (JSON protocol, one path, the operation in X-Amz-Target). */
export const startSecretsManagerStub = (secret: string): Promise<Stub> =>
  startStub(() => ({
    ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:gemini',
    Name: 'gemini',
    SecretString: secret,
  }));
