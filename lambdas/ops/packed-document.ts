/**
 * How the OpenAPI document travels inside the ops bundle: its JSON text, brotli-compressed and
 * base64-encoded. As plain text its 70 KiB would put the bundle over its limit; packed it is under
 * 5 KiB, and unpacking it once, on the first request for it, takes a few milliseconds.
 */
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';

/** At bundle time (lib/bundling.ts). */
export function packDocument(document: Record<string, unknown>): string {
  return brotliCompressSync(JSON.stringify(document)).toString('base64');
}

/** In the function, on the first request for the document. */
export function unpackDocument(packed: string): Record<string, unknown> {
  const text = brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
  return JSON.parse(text) as Record<string, unknown>;
}
