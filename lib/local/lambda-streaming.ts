import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2, StreamifyHandler } from 'aws-lambda';

/** A handler wrapped by `awslambda.streamifyResponse`, as Lambda's Node.js runtime calls it. */
export type StreamingLambdaHandler = StreamifyHandler<APIGatewayProxyEventV2, void>;

interface Prelude {
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly cookies?: readonly string[];
}

/**
 * Lambda's response stream for one local HTTP response: the prelude (status, headers) becomes the
 * response head, every write goes to the viewer at once, and a viewer that goes away ends the stream
 * with an error, as a closed function URL connection does.
 */
export class LocalResponseStream extends Writable {
  constructor(private readonly response: ServerResponse) {
    super();
    response.on('close', () => {
      if (!response.writableFinished) this.destroy(new Error('The viewer closed the connection'));
    });
  }

  start(prelude: Prelude): void {
    if (this.response.headersSent) return;
    const headers: Record<string, string | string[]> = { ...prelude.headers };
    if (prelude.cookies?.length) headers['set-cookie'] = [...prelude.cookies];
    this.response.writeHead(prelude.statusCode ?? 200, headers);
    this.response.flushHeaders();
  }

  setContentType(contentType: string): void {
    this.start({ headers: { 'content-type': contentType } });
  }

  /** The stream as the handler's parameter type names it (a class of Lambda's runtime). */
  asLambdaStream(): awslambda.HttpResponseStream {
    return this as unknown as awslambda.HttpResponseStream;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.start({ headers: { 'content-type': 'application/octet-stream' } });
    if (chunk.byteLength === 0) return done();
    this.response.write(chunk, (error) => done(error));
  }

  override _final(done: (error?: Error | null) => void): void {
    this.start({ headers: { 'content-type': 'application/octet-stream' } });
    this.response.end(() => done());
  }
}

/**
 * What Lambda's Node.js runtime offers a streaming handler as the global `awslambda`, for local mode:
 * `streamifyResponse` leaves the handler as it is (the gateway calls it with a response stream) and
 * `HttpResponseStream.from` sends the prelude. Installed before a streaming handler module is loaded,
 * which uses it as it is built.
 */
export function installLambdaStreaming(): void {
  // Other libraries keep their own state on the same global (the invoke store): add to it.
  const global = globalThis as { awslambda?: Record<string, unknown> };
  const runtime = (global.awslambda ??= {});
  runtime.streamifyResponse ??= (handler: StreamingLambdaHandler) => handler;
  runtime.HttpResponseStream ??= {
    from(stream: Writable, prelude: Prelude): Writable {
      if (stream instanceof LocalResponseStream) stream.start(prelude);
      return stream;
    },
  };
}
