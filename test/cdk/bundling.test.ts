import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import {
  areaBundling,
  areaEntry,
  bundlingOptions,
  chatBundling,
  deployedBundles,
  esbuildOptions,
  layerModulePath,
  packageLayerOptions,
} from '../../lib/bundling';
import { loadStageConfig } from '../../lib/config';
import { toApiEvent } from '../../lib/local/api-event';
import { routes, type Area, type Route } from '../../lambdas/contract/routes';
import { buildOpenApi } from '../../lambdas/ops/openapi';
import { AreaFunction, FUNCTION_RUNTIME } from '../../lib/constructs/area-function';
import { cdkContext, standaloneTables } from './fixtures';

/**
 * The one test file that really runs esbuild (through the local devDependency, not Docker). Sizes
 * are deterministic, so the limits are asserted; import times are not (see `npm run bench`).
 */
const KIB = 1024;
const REPO_ROOT = path.resolve(__dirname, '..', '..');

const outDirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloud-clicker-bundling-'));
  outDirs.push(dir);
  return dir;
};
afterAll(() => outDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('bundlingOptions', () => {
  const options = bundlingOptions();

  it('builds minified CommonJS for the runtime the functions run on, with source maps', () => {
    expect(options.format).toBe(OutputFormat.CJS);
    expect(FUNCTION_RUNTIME.name).toBe(`nodejs${options.target?.replace(/^node/, '')}.x`);
    expect(options).toMatchObject({ minify: true, sourceMap: true, sourcesContent: false });
  });

  it("leaves the AWS SDK to the runtime and needs no mainFields: every dependency's exports map picks its ES module build", () => {
    expect(options.externalModules).toEqual(['@aws-sdk/*', '@smithy/*']);
    expect(options.mainFields).toBeUndefined();
  });
});

/** The bundle NodejsFunction builds for an area's function, as `cdk synth` builds it. */
function cdkBundle(area: Area): { bundle: string; assetDir: string } {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': ['Bundle'] } });
  const stack = new Stack(app, 'Bundle');
  const config = loadStageConfig(cdkContext, 'dev');
  const fn = new AreaFunction(stack, 'Fn', {
    area,
    config,
    tables: standaloneTables(stack),
    userPool: new UserPool(stack, 'Pool'),
    userPoolClientId: 'client',
    originSecret: new Secret(stack, 'OriginSecret'),
  });

  const assembly = app.synth();
  const code = (fn.node.defaultChild as CfnFunction).code as { s3Key?: string };
  expect(code.s3Key).toBeDefined();
  const assetDir =
    fs
      .readdirSync(assembly.directory)
      .map((name) => path.join(assembly.directory, name))
      .find((dir) => dir.includes('asset.') && fs.existsSync(path.join(dir, 'index.js'))) ?? '';
  expect(assetDir).not.toBe('');
  return { bundle: fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8'), assetDir };
}

it('NodejsFunction bundles lambdas/clicks/handler.ts into exactly the file the bench measures, under 150 KiB', async () => {
  const { bundle, assetDir } = cdkBundle('clicks');
  expect(fs.existsSync(path.join(assetDir, 'index.js.map'))).toBe(true);
  expect(bundle).toMatch(/sourceMappingURL=index\.js\.map/);
  // The runtime's AWS SDK is used, not a bundled copy.
  expect(bundle).toMatch(/require\("@aws-sdk\/client-dynamodb"\)|require\("@aws-sdk\/lib-dynamodb"\)/);
  // Minified: a handful of very long lines.
  expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(2000);
  expect(Buffer.byteLength(bundle)).toBeLessThanOrEqual(150 * KIB);

  const options = esbuildOptions(bundlingOptions(), areaEntry('clicks'), tempDir());
  const result = await build({ ...options, metafile: true, logLevel: 'silent' });
  expect(fs.readFileSync(options.outfile ?? '', 'utf8')).toBe(bundle);
  // Tree-shaken: zod/mini's ES modules, never full zod or a CommonJS build of it.
  const zodInputs = Object.keys(result.metafile.inputs).filter((input) =>
    input.includes('node_modules/zod/'),
  );
  expect(zodInputs.length).toBeGreaterThan(0);
  expect(zodInputs.filter((input) => input.includes('/classic/') || input.endsWith('.cjs'))).toEqual([]);
});

it('NodejsFunction bundles the ops function, with the OpenAPI document built in, into exactly the file the bench measures', async () => {
  const { bundle } = cdkBundle('ops');
  const options = esbuildOptions(areaBundling('ops'), areaEntry('ops'), tempDir());
  await build({ ...options, logLevel: 'silent' });
  expect(fs.readFileSync(options.outfile ?? '', 'utf8')).toBe(bundle);
});

describe('every deployed bundle', () => {
  const targets = deployedBundles();
  const files = new Map<string, string>();
  let outDir = '';

  beforeAll(async () => {
    outDir = tempDir();
    // Where a bundle finds the SDK, as it finds the runtime's in Lambda.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
    for (const target of targets) {
      const options = target.build(path.join(outDir, String(files.size)));
      await build({ ...options, logLevel: 'silent' });
      files.set(target.name, options.outfile ?? '');
    }
  });

  it.each(targets.map((t) => [t.name, t.limitKiB]))('%s is at most %i KiB', (name, kib) => {
    expect(fs.statSync(files.get(name) ?? '').size).toBeLessThanOrEqual(kib * KIB);
  });

  it('leaves every provider SDK out of the chat bundle, for a layer of the stages that use it', () => {
    expect(chatBundling().externalModules).toEqual(expect.arrayContaining(['@google/genai']));
    expect(fs.readFileSync(files.get('chat') ?? '', 'utf8')).toMatch(/require\("@google\/genai"\)/);
  });

  it('builds the Gemini SDK layer as one file that needs nothing from node_modules', async () => {
    const layerDir = tempDir();
    const options = packageLayerOptions('@google/genai', layerDir);
    await build({ ...options, logLevel: 'silent' });
    expect(options.outfile).toBe(path.join(layerDir, layerModulePath('@google/genai'), 'index.js'));
    const script = `
      const sdk = require(${JSON.stringify(options.outfile)});
      console.log(JSON.stringify({ client: typeof sdk.GoogleGenAI, files: Object.keys(require.cache).length }));`;
    // From a folder without node_modules, as in Lambda, where the layer is all there is.
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: layerDir, encoding: 'utf8' }),
    ) as { client: string; files: number };
    expect(loaded).toEqual({ client: 'function', files: 1 });
  });

  it('serves the OpenAPI document from the ops bundle as built from the schemas, byte for byte, without them', () => {
    const sources = (JSON.parse(fs.readFileSync(`${files.get('ops')}.map`, 'utf8')) as { sources: string[] })
      .sources;
    expect(sources).toContainEqual(expect.stringMatching(/lambdas\/ops\/handler\.ts$/));
    for (const left of [
      /lambdas\/ops\/openapi\.ts$/,
      /lambdas\/(?!ops\/)[^/]+\/schemas\.ts$/,
      /to-json-schema/,
    ])
      expect(sources.filter((source) => left.test(source))).toEqual([]);

    const route = routes.find((r) => r.operationId === 'getOpenApi') as Route;
    const request = {
      method: 'GET',
      url: route.path,
      headers: {},
      body: Buffer.alloc(0),
      sourceIp: '192.0.2.10',
    };
    const event = toApiEvent(request, { route, pathParameters: undefined });
    // The function logs to stdout; its answer is the last line.
    const script = `
      const { handler } = require(${JSON.stringify(files.get('ops'))});
      const context = { functionName: 'ops', awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 5000 };
      handler(JSON.parse(process.argv[1]), context).then((answer) => console.log(JSON.stringify(answer)));`;
    const output = execFileSync(process.execPath, ['-e', script, JSON.stringify(event)], {
      cwd: outDir,
      encoding: 'utf8',
    });
    const answer = JSON.parse(output.trim().split('\n').pop() ?? '') as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toBe(JSON.stringify(buildOpenApi()));
  });

  /** The packages from node_modules that requiring the bundle loads, in a fresh node process. */
  const packagesLoadedBy = (name: string): string[] => {
    const script = `
      require(${JSON.stringify(files.get(name))});
      const names = Object.keys(require.cache).map((file) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(file)?.[1]);
      console.log(JSON.stringify([...new Set(names.filter(Boolean))]));`;
    return JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: outDir, encoding: 'utf8' }),
    ) as string[];
  };

  it('loads no chat provider SDK when the chat function starts', () => {
    const loaded = packagesLoadedBy('chat');
    expect(loaded).toContain('@aws-sdk/lib-dynamodb');
    for (const sdk of ['@aws-sdk/client-bedrock-runtime', '@aws-sdk/client-secrets-manager', '@google/genai'])
      expect(loaded).not.toContain(sdk);
  });

  it('loads the Cognito SDK only in the auth function, which is the only one that calls Cognito', () => {
    const cognito = '@aws-sdk/client-cognito-identity-provider';
    expect(packagesLoadedBy('auth')).toContain(cognito);
    for (const target of targets.filter((t) => t.name !== 'auth'))
      expect(packagesLoadedBy(target.name)).not.toContain(cognito);
  });
});
