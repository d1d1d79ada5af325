import * as path from 'node:path';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { clickAggregator, parkCatalogSeed } from '../lambdas/contract/functions';
import { buildOpenApi } from '../lambdas/ops/openapi';
import { packDocument } from '../lambdas/ops/packed-document';
import type { ChatSettings } from './functions';
import { type Area, areas } from '../lambdas/contract/routes';

/**
 * How every function's code is bundled. The CDK app deploys with bundlingOptions(); the bench and
 * the bundling test build the same files from the same settings through esbuildOptions(), so what
 * is measured is what is deployed.
 */

const REPO_ROOT = path.resolve(__dirname, '..');

/** The handler file of an API area, relative to the repository root (export `handler`). */
export const areaEntry = (area: Area): string => path.join('lambdas', area, 'handler.ts');

export const CATALOG_SEED_ENTRY = parkCatalogSeed.entry;

export interface DeployedBundle {
  readonly name: string;
  /** The size the bundling test holds it to. */
  readonly limitKiB: number;
  /** What esbuild is given to build it into `outDir`, as the CDK app builds it. */
  readonly build: (outDir: string) => BuildOptions;
}

const functionBundle = (name: string, entry: string, bundling: BundlingOptions, limitKiB = 150) => ({
  name,
  limitKiB,
  build: (outDir: string) => esbuildOptions(bundling, entry, outDir),
});

/**
 * Every bundle the CDK app deploys, functions and layers; a new function adds its entry here, so the
 * bench measures it too.
 */
export function deployedBundles(): DeployedBundle[] {
  return [
    ...areas
      .filter((area) => area !== 'chat')
      .map((area) => functionBundle(area, areaEntry(area), areaBundling(area))),
    functionBundle('chat', areaEntry('chat'), areaBundling('chat'), 300),
    functionBundle('park catalog seed', CATALOG_SEED_ENTRY, bundlingOptions()),
    functionBundle('click aggregator', clickAggregator.entry, bundlingOptions()),
    // Not loaded when the chat function starts: on the first message of a container of a Gemini stage.
    ...CHAT_PROVIDER_PACKAGES.gemini.map((packageName) => ({
      name: `${packageName} layer`,
      limitKiB: 1024,
      build: (outDir: string) => packageLayerOptions(packageName, outDir),
    })),
  ];
}

/**
 * CommonJS rather than ES module output, measured (README, "Cold starts"): esbuild tree-shakes
 * either way and already picks each dependency's ES module build through its `exports` map, so the
 * bytes are the same; but an ES module bundle hoists every external import to its top, so an SDK
 * that only a lazily imported module needs would load at start anyway, and an ES module importing
 * the runtime's CommonJS SDK spends more time on it (Node lexes each CommonJS file for its exports).
 */
export function bundlingOptions(leaveOut: readonly string[] = []): BundlingOptions {
  return {
    format: OutputFormat.CJS,
    // The major of FUNCTION_RUNTIME (nodejs24.x): esbuild keeps the syntax that runtime has.
    target: 'node24',
    minify: true,
    sourceMap: true,
    // Keeps the bundle small; stack traces still map to file and line.
    sourcesContent: false,
    // The runtime ships AWS SDK v3; bundling our pinned copy would only add cold-start weight.
    externalModules: ['@aws-sdk/*', '@smithy/*', ...leaveOut],
  };
}

/**
 * Packages a chat provider needs that the runtime does not ship. The chat function imports only the
 * configured provider's module, on first use (lambdas/chat/provider-config.ts), and its bundle leaves
 * every one of these out: a stage whose provider needs one gets it as a layer (PackageLayer), which
 * the function loads only then. Bundled in, @google/genai and what it brings would make the chat
 * bundle 876 KiB, 61 ms to import at every cold start (README, "Cold starts").
 */
export const CHAT_PROVIDER_PACKAGES: Record<ChatSettings['provider'], readonly string[]> = {
  bedrock: [],
  gemini: ['@google/genai'],
  local: [],
};

/**
 * The ops function's bundle: the OpenAPI document is built here, from the route table and every
 * area's schemas (lambdas/ops/openapi.ts), and written into the bundle packed
 * (lambdas/ops/packed-document.ts), so the function carries neither the schemas nor the converter to
 * JSON Schema (README, "Cold starts"). Unbundled, lambdas/ops/handler.ts builds it with the same
 * function.
 */
export function opsBundling(): BundlingOptions {
  // esbuild's define takes a JavaScript expression: here a string literal.
  return { ...bundlingOptions(), define: { OPENAPI_DOCUMENT: JSON.stringify(packDocument(buildOpenApi())) } };
}

/** How an API area's function is bundled. */
export function areaBundling(area: Area): BundlingOptions {
  if (area === 'chat') return chatBundling();
  return area === 'ops' ? opsBundling() : bundlingOptions();
}

/** The chat function's bundle, the same for every provider. */
export function chatBundling(): BundlingOptions {
  return bundlingOptions(Object.values(CHAT_PROVIDER_PACKAGES).flat());
}

/** Where Lambda's Node.js runtimes look for a layer's packages (`/opt/nodejs/node_modules`). */
export const layerModulePath = (packageName: string): string =>
  path.join('nodejs', 'node_modules', ...packageName.split('/'));

/**
 * A package bundled on its own into one minified CommonJS file, with what it depends on, for a
 * layer at `layerModulePath()`: the same settings as the functions (runtime, SDK left out).
 */
export function packageLayerOptions(packageName: string, outDir: string): BuildOptions {
  const shared = bundlingOptions();
  return {
    entryPoints: [packageName],
    outfile: path.join(outDir, layerModulePath(packageName), 'index.js'),
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: shared.target,
    minify: shared.minify,
    external: shared.externalModules,
  };
}

/**
 * The options NodejsFunction hands to esbuild's command line for `bundling`, for esbuild's API:
 * the same file, byte for byte (test/cdk/bundling.test.ts builds both and compares them).
 */
export function esbuildOptions(bundling: BundlingOptions, entry: string, outDir: string): BuildOptions {
  const { format, target, minify, sourceMap, sourcesContent, externalModules, define, ...untranslated } =
    bundling;
  // A setting that is not translated here would make the bench measure something other than what is deployed.
  const unknown = Object.keys(untranslated);
  if (unknown.length > 0) throw new Error(`esbuildOptions() does not translate ${unknown.join(', ')}`);
  return {
    entryPoints: [path.join(REPO_ROOT, entry)],
    outfile: path.join(outDir, format === OutputFormat.ESM ? 'index.mjs' : 'index.js'),
    // NodejsFunction runs esbuild in the project root, whose relative paths name modules in the output.
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: format === OutputFormat.ESM ? 'esm' : 'cjs',
    target,
    minify,
    sourcemap: sourceMap,
    sourcesContent,
    external: externalModules,
    define,
  };
}
