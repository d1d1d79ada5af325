import { buildOpenApi } from '../../lambdas/ops/openapi';
import { routes } from '../../lambdas/contract/routes';

type Operation = {
  operationId: string;
  parameters: { name: string; in: string; schema: Record<string, unknown> }[];
  requestBody?: {
    content: { 'application/json': { schema: { properties: Record<string, Record<string, unknown>> } } };
  };
  responses: Record<string, unknown>;
  security?: unknown[];
};

describe('OpenAPI document', () => {
  const document = buildOpenApi() as { openapi: string; paths: Record<string, Record<string, Operation>> };

  it('is OpenAPI 3.1 with exactly the routes of the route table', () => {
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('describes request bodies with the limits the validators enforce', () => {
    const register = document.paths['/api/register'].post;
    const properties = register.requestBody?.content['application/json'].schema.properties ?? {};
    expect(properties.username).toMatchObject({ type: 'string', minLength: 3, maxLength: 32 });
    expect(properties.password).toMatchObject({ type: 'string', minLength: 8, maxLength: 128 });
    expect(register.responses).toHaveProperty('201');
    expect(register.responses).toHaveProperty('409');
  });

  it('documents query parameters, headers and auth', () => {
    const log = document.paths['/api/clicks/log'].get;
    expect(log.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:minutes']);
    expect(log.security).toEqual([]);
    const post = document.paths['/api/clicks'].post;
    expect(post.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['header:idempotency-key']);
    expect(post.responses).toHaveProperty('401');
    expect(post.security).toBeUndefined();
  });

  it('lets every operation answer the origin guard (403) and a dependency outage (503)', () => {
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods)) {
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['403', '503']));
      }
    }
  });
});
