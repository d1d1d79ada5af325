import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  clickAggregator,
  type DynamoAction,
  functionNeeds,
  parkCatalogSeed,
  type TableAccess,
} from '../../lambdas/contract/functions';
import { areas, routes } from '../../lambdas/contract/routes';
import { schemaOf, statusesOf } from '../../lambdas/contract/schemas';
import { buildOpenApi } from '../../lambdas/ops/openapi';
import { createAreaHandler } from '../../lambdas/shared/http';
import { opsSchemas } from '../../lambdas/ops/schemas';
import { contractProblem } from '../support/api';
import { testConfiguration } from '../support/function-configuration';

const ROOT = resolve(__dirname, '..', '..');
const LAMBDAS = join(ROOT, 'lambdas');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative module specifiers of a file, static and dynamic imports alike. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
}

const resolveImport = (file: string, specifier: string): string => {
  const base = resolve(dirname(file), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return base;
};

describe('the contract (lambdas/contract)', () => {
  it('nothing in lambdas/ imports from outside lambdas/ (lib/ imports the contract, never the reverse)', () => {
    const outside = sourceFiles(LAMBDAS).flatMap((file) =>
      relativeImports(file)
        .map((specifier) => resolveImport(file, specifier))
        .filter((target) => relative(LAMBDAS, target).startsWith('..'))
        .map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
    );
    expect(outside).toEqual([]);
  });

  it('the import scan sees imports of lib/ (so the test above can fail)', () => {
    const file = join(ROOT, 'lib', 'functions.ts');
    expect(relativeImports(file).map((s) => resolveImport(file, s))).toContain(
      join(LAMBDAS, 'contract', 'functions.ts'),
    );
  });

  it('every route has a response schema (or answers 204) and an OpenAPI operation with each status', () => {
    const document = buildOpenApi() as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    };
    for (const route of routes) {
      const schema = schemaOf(route);
      if (schema.successStatus !== 204)
        expect([route.operationId, schema.response]).toEqual([route.operationId, expect.anything()]);
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId).toBe(route.operationId);
      expect(Object.keys(operation.responses).sort()).toEqual(statusesOf(route).map(String).sort());
    }
  });

  it.each(areas)('the %s handler implements every route of its area', async (area) => {
    // createAreaHandler refuses to build a handler that leaves a route of its area unimplemented.
    const module = (await import(`../../lambdas/${area}/handler`)) as {
      createHandler: (dependencies: { env: ReturnType<typeof testConfiguration> }) => unknown;
    };
    expect(typeof module.createHandler({ env: testConfiguration(area) })).toBe('function');
  });

  it('a handler missing a route of its area is refused when it is built', () => {
    const { getHealth } = { getHealth: async () => ({ status: 200 }) };
    expect(() =>
      createAreaHandler('ops', opsSchemas, { getHealth } as never, { env: {}, verifier: async () => ({}) }),
    ).toThrow(/getOpenApi/);
  });
});

/**
 * The DynamoDB actions sent by a function's entry and the modules it imports (those `follow` allows).
 * A file-level scan: a module counts with every command it holds, used by this function or not.
 */
function actionsUsedFrom(entry: string, follow: (file: string) => boolean = () => true): Set<DynamoAction> {
  const seen = new Set<string>();
  const pending = [join(ROOT, entry)];
  const actions = new Set<DynamoAction>();
  const commandAction: Record<string, DynamoAction> = {
    GetCommand: 'GetItem',
    BatchGetCommand: 'BatchGetItem',
    QueryCommand: 'Query',
    PutCommand: 'PutItem',
    UpdateCommand: 'UpdateItem',
    DeleteCommand: 'DeleteItem',
    BatchWriteCommand: 'BatchWriteItem',
    ScanCommand: 'Scan' as DynamoAction,
  };
  const transactionItem: Record<string, DynamoAction> = {
    Put: 'PutItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    ConditionCheck: 'ConditionCheckItem',
  };
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, command] of text.matchAll(/new (\w+Command)\(/g)) {
      if (commandAction[command]) actions.add(commandAction[command]);
    }
    if (text.includes('TransactWriteCommand')) {
      for (const [, item] of text.matchAll(/\{\s*(Put|Update|Delete|ConditionCheck):/g)) {
        actions.add(transactionItem[item]);
      }
    }
    for (const specifier of relativeImports(file)) {
      const target = resolveImport(file, specifier);
      if (target.startsWith(LAMBDAS) && target.endsWith('.ts') && follow(target)) pending.push(target);
    }
  }
  return actions;
}

const declared = (access: TableAccess): DynamoAction[] =>
  [...new Set(Object.values(access).flat())].sort() as DynamoAction[];

const notIn = (actions: Iterable<DynamoAction>, allowed: Iterable<DynamoAction>): DynamoAction[] => {
  const set = new Set(allowed);
  return [...actions].filter((action) => !set.has(action));
};

const inFolder = (folder: string) => (file: string) => file.startsWith(join(LAMBDAS, folder) + '/');

describe('each function is granted the DynamoDB actions its code sends, and no others', () => {
  it.each(areas)('%s: every action its own modules send is granted', (area) => {
    expect(
      notIn(
        actionsUsedFrom(`lambdas/${area}/handler.ts`, inFolder(area)),
        declared(functionNeeds[area].tables),
      ),
    ).toEqual([]);
  });

  it.each(areas)('%s: nothing is granted that no module it loads can send', (area) => {
    expect(
      notIn(declared(functionNeeds[area].tables), actionsUsedFrom(`lambdas/${area}/handler.ts`)),
    ).toEqual([]);
  });

  it('the click aggregator: the updates of its transactions and the reads of the totals it pushes', () => {
    const entry = clickAggregator.entry;
    expect(notIn(declared(clickAggregator.tables), actionsUsedFrom(entry))).toEqual([]);
    expect(declared(clickAggregator.tables)).toEqual(['GetItem', 'UpdateItem']);
  });

  it('the park catalog seed: only the upserts of the seeding', () => {
    const seeding = (file: string) => file.endsWith('catalog-seed.ts');
    expect([...actionsUsedFrom(parkCatalogSeed.entry, seeding)]).toEqual(declared(parkCatalogSeed.tables));
  });

  it('the scan sees commands, transaction items and dynamic imports', () => {
    expect([...actionsUsedFrom('lambdas/locations/handler.ts', inFolder('locations'))].sort()).toEqual([
      'DeleteItem',
      'GetItem',
      'PutItem',
      'UpdateItem',
    ]);
  });
});

describe('the contract check of the integration tests', () => {
  it('accepts answers that keep their route contract', () => {
    expect(contractProblem('GET', '/api/clicks', 200, '{"total_clicks":3}')).toBeUndefined();
    expect(
      contractProblem('GET', '/api/clicks?x=1', 401, '{"message":"no","code":"UNAUTHORIZED"}'),
    ).toBeUndefined();
    expect(contractProblem('DELETE', '/api/locations/abc', 204, '')).toBeUndefined();
    // No route: API Gateway's own 404, outside any contract.
    expect(contractProblem('GET', '/api/nowhere', 404, 'whatever')).toBeUndefined();
  });

  it('refuses a renamed field, an undeclared status, a body on 204 and an error without a message', () => {
    expect(contractProblem('GET', '/api/clicks', 200, '{"totalClicks":3}')).toMatch(/total_clicks/);
    expect(contractProblem('GET', '/api/clicks/log', 409, '{"message":"x"}')).toMatch(/contract lists/);
    expect(contractProblem('DELETE', '/api/locations/abc', 204, '{}')).toMatch(/with a body/);
    expect(contractProblem('GET', '/api/clicks', 400, '{"code":"BAD_REQUEST"}')).toMatch(/message/);
  });
});
