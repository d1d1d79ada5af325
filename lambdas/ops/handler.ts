import { deployedHandler } from '../shared/env';
import { createAreaHandler, type PipelineDependencies, reply } from '../shared/http';
import { opsSchemas } from './schemas';

let document: Record<string, unknown> | undefined;

/** The ops function: it uses no store, only the pipeline's own dependencies. */
export const createHandler = (dependencies: PipelineDependencies) =>
  createAreaHandler(
    'ops',
    opsSchemas,
    {
      getHealth: async () => reply(200, { status: 'ok' }),
      getOpenApi: async () => {
        // Built from every area's schemas: imported on the first request for the document, not at start,
        // where constructing them all would make the health check's cold start several times slower.
        document ??= (await import('./openapi')).buildOpenApi();
        return reply(200, document, { 'cache-control': 'public, max-age=300' });
      },
    },
    dependencies,
  );

export const handler = deployedHandler(() => createHandler({ env: process.env }));
