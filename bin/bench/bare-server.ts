import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BareServer {
  readonly url: string;
  stop(): Promise<void>;
}

const BODY = JSON.stringify({ ok: true });

/**
 * The baseline: node:http in this same process answering a tiny JSON body, so the ratio to it shows
 * what the gateway, the handler and DynamoDB Local add on this machine.
 */
export async function startBareServer(): Promise<BareServer> {
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(BODY),
    });
    response.end(BODY);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
