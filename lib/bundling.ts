import * as path from 'node:path';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { clickAggregator, parkCatalogSeed } from '../lambdas/contract/functions';
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
  /** Relative to the repository root. */
  readonly entry: string;
  readonly bundling: BundlingOptions;
}

/** Every bundle the CDK app deploys; a new function adds its entry here, so the bench measures it too. */
export function deployedBundles(): DeployedBundle[] {
  return [
    ...areas
      .filter((area) => area !== 'chat')
      .map((area) => ({ name: area, entry: areaEntry(area), bundling: bundlingOptions() })),
    // As the stages in cdk.json deploy it (bedrock); `local` bundles the same.
    { name: 'chat', entry: areaEntry('chat'), bundling: chatBundling('bedrock') },
    { name: 'chat (gemini)', entry: areaEntry('chat'), bundling: chatBundling('gemini') },
    { name: 'park catalog seed', entry: CATALOG_SEED_ENTRY, bundling: bundlingOptions() },
    { name: 'click aggregator', entry: clickAggregator.entry, bundling: bundlingOptions() },
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
 * configured provider's module (lambdas/chat/provider-config.ts), so another provider's packages
 * are never required and its bundle leaves them out: @google/genai alone is over 400 KiB.
 */
const CHAT_PROVIDER_PACKAGES: Record<ChatSettings['provider'], readonly string[]> = {
  bedrock: [],
  gemini: ['@google/genai'],
  local: [],
};

/** The chat function's bundle for a stage whose provider is `provider`. */
export function chatBundling(provider: ChatSettings['provider']): BundlingOptions {
  const unused = Object.entries(CHAT_PROVIDER_PACKAGES)
    .filter(([name]) => name !== provider)
    .flatMap(([, packages]) => packages);
  return bundlingOptions(unused);
}

/**
 * The options NodejsFunction hands to esbuild's command line for `bundling`, for esbuild's API:
 * the same file, byte for byte (test/cdk/bundling.test.ts builds both and compares them).
 */
export function esbuildOptions(bundling: BundlingOptions, entry: string, outDir: string): BuildOptions {
  const { format, target, minify, sourceMap, sourcesContent, externalModules, ...untranslated } = bundling;
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
  };
}
