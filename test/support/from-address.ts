import { randomInt } from 'node:crypto';
import { request } from 'node:http';
import type { ApiAnswer } from './api';

/**
 * A loopback address no other test uses: the whole of 127.0.0.0/8 reaches this machine, so a client
 * can connect from any of them and local mode sees it as that client's address.
 */
export const freshLoopbackAddress = (): string =>
  `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** Sends a JSON request to local mode from `localAddress` (node:http: fetch cannot choose it). */
export function callFrom(localAddress: string) {
  const base = new URL(process.env.API_URL ?? '');
  if (base.hostname === 'localhost') base.hostname = '127.0.0.1';
  return (method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const outgoing = request(
        new URL(path, base),
        {
          method,
          localAddress,
          agent: false,
          headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers))
              if (typeof value === 'string') headers.set(name, value);
            resolve({
              status: incoming.statusCode ?? 0,
              body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
              headers,
            });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
}
