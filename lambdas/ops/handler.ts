import { createAreaHandler, reply } from '../shared/http';
import { buildOpenApi } from './openapi';
import { opsSchemas } from './schemas';

let document: Record<string, unknown> | undefined;

export const handler = createAreaHandler('ops', opsSchemas, {
  getHealth: async () => reply(200, { status: 'ok' }),
  getOpenApi: async () =>
    reply(200, (document ??= buildOpenApi()), { 'cache-control': 'public, max-age=300' }),
});
