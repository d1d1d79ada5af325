import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

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
  | { readonly kind: 'slow'; readonly ms: number; readonly text: string }
  /** A streamed reply, one chunk every `intervalMs`; `fail` ends it with a failure after the chunks. */
  | {
      readonly kind: 'stream';
      readonly chunks: readonly string[];
      readonly intervalMs: number;
      readonly fail?: boolean;
    };

/** How a provider's streaming API frames one chunk, the end, and a failure part-way. */
interface StreamFormat {
  readonly contentType: string;
  chunk(text: string): Buffer;
  end(): Buffer;
  failure(): Buffer;
}

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
function startStub(format: (text: string) => unknown, streamFormat?: StreamFormat): Promise<Stub> {
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
      if (current.kind === 'stream' && streamFormat) {
        response.writeHead(200, { 'content-type': streamFormat.contentType });
        const frames = [
          ...current.chunks.map((chunk) => streamFormat.chunk(chunk)),
          current.fail ? streamFormat.failure() : streamFormat.end(),
        ];
        const next = (): void => {
          const frame = frames.shift();
          if (!frame || response.destroyed) return void response.end();
          response.write(frame);
          const timer = setTimeout(() => (timers.delete(timer), next()), current.intervalMs);
          timers.add(timer);
        };
        next();
      } else if (current.kind === 'reply') send(200, format(current.text));
      else if (current.kind === 'error')
        send(current.status, current.body ?? { message: 'stub failure' }, current.headers);
      else if (current.kind === 'slow') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(200, format(current.text));
        }, current.ms);
        timers.add(timer);
      } else send(404, { message: 'this stub does not stream' });
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

/**
 * One message of AWS's event stream encoding (application/vnd.amazon.eventstream): total and header
 * lengths, their CRC32, string headers, the JSON payload, the message's CRC32.
 */
function eventStreamMessage(headers: Record<string, string>, payload: unknown): Buffer {
  const headerBytes = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name);
      const valueBytes = Buffer.from(value);
      const head = Buffer.alloc(1 + nameBytes.length + 3);
      head.writeUInt8(nameBytes.length, 0);
      nameBytes.copy(head, 1);
      head.writeUInt8(7, 1 + nameBytes.length); // 7: a string value
      head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
      return Buffer.concat([head, valueBytes]);
    }),
  );
  const body = Buffer.from(JSON.stringify(payload));
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(12 + headerBytes.length + body.length + 4, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const message = Buffer.concat([prelude, headerBytes, body]);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(crc32(message), 0);
  return Buffer.concat([message, trailer]);
}

const bedrockEvent = (type: string, payload: unknown): Buffer =>
  eventStreamMessage(
    { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
    payload,
  );

/** ConverseStream's events: a delta per chunk, then the stop and the usage; or a stream exception. */
const bedrockStream: StreamFormat = {
  contentType: 'application/vnd.amazon.eventstream',
  chunk: (text) => bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }),
  end: () =>
    Buffer.concat([
      bedrockEvent('messageStop', { stopReason: 'end_turn' }),
      bedrockEvent('metadata', {
        usage: { inputTokens: 12, outputTokens: 18, totalTokens: 30 },
        metrics: { latencyMs: 1 },
      }),
    ]),
  failure: () =>
    eventStreamMessage(
      {
        ':exception-type': 'modelStreamErrorException',
        ':content-type': 'application/json',
        ':message-type': 'exception',
      },
      { message: 'stub stream failure' },
    ),
};

/** Bedrock runtime's Converse and ConverseStream APIs (POST /model/{modelId}/converse[-stream]). */
export const startBedrockStub = (): Promise<Stub> =>
  startStub(
    (text) => ({
      output: { message: { role: 'assistant', content: [{ text }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 10, outputTokens: 10, totalTokens: 20 },
      metrics: { latencyMs: 1 },
    }),
    bedrockStream,
  );

const sse = (payload: unknown): Buffer => Buffer.from(`data: ${JSON.stringify(payload)}\r\n\r\n`);

/** streamGenerateContent with alt=sse: a response per chunk, the last with the usage. */
const geminiStream: StreamFormat = {
  contentType: 'text/event-stream',
  chunk: (text) => sse({ candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }] }),
  end: () =>
    sse({
      candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 18, totalTokenCount: 30 },
    }),
  failure: () => sse({ error: { code: 500, message: 'stub stream failure', status: 'INTERNAL' } }),
};

/** The Gemini API's generateContent and streamGenerateContent. */
export const startGeminiStub = (): Promise<Stub> =>
  startStub(
    (text) => ({
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
    }),
    geminiStream,
  );

/** Secrets Manager's GetSecretValue (JSON protocol, one path, the operation in X-Amz-Target). */
export const startSecretsManagerStub = (secret: string): Promise<Stub> =>
  startStub(() => ({
    ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:gemini',
    Name: 'gemini',
    SecretString: secret,
  }));
