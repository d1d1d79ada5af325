import { deployedHandler } from '../shared/env';
import { createAreaHandler, type PipelineDependencies, reply } from '../shared/http';
import { opsSchemas } from './schemas';

/**
 * The OpenAPI document, packed (./packed-document) into the bundle when it is built (opsBundling() in
 * lib/bundling.ts), so this function carries neither every area's schemas nor the converter to JSON
 * Schema. Unbundled (local mode, tests) it is not defined, and the document is built from the same
 * schemas on the first request for it instead.
 */
declare const OPENAPI_DOCUMENT: string | undefined;

async function openApiDocument(): Promise<Record<string, unknown>> {
  // esbuild decides this test of the defined constant at bundle time and keeps one branch: the
  // bundle never contains ./openapi, and loads zlib only on the first request for the document.
  return typeof OPENAPI_DOCUMENT === 'string'
    ? (await import('./packed-document')).unpackDocument(OPENAPI_DOCUMENT)
    : (await import('./openapi')).buildOpenApi();
}

let document: Record<string, unknown> | undefined;

/** The ops function: it uses no store, only the pipeline's own dependencies. */
export const createHandler = (dependencies: PipelineDependencies) =>
  createAreaHandler(
    'ops',
    opsSchemas,
    {
      getHealth: async () => reply(200, { status: 'ok' }),
      getOpenApi: async () => {
        document ??= await openApiDocument();
        return reply(200, document, { 'cache-control': 'public, max-age=300' });
      },
    },
    dependencies,
  );

export const handler = deployedHandler(() => createHandler({ env: process.env }));
