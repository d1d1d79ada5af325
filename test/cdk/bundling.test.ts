import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { loadStageConfig } from '../../lib/config';
import { AreaFunction } from '../../lib/constructs/area-function';
import { cdkContext, standaloneTables } from './fixtures';

/**
 * The one test that really runs esbuild (through the local devDependency, not Docker), on the area
 * with the most dependencies. Everything else skips bundling to stay fast.
 */
it('bundles lambdas/clicks/handler.ts into a minified CommonJS file with a source map', () => {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': ['Bundle'] } });
  const stack = new Stack(app, 'Bundle');
  const config = loadStageConfig(cdkContext, 'dev');
  const fn = new AreaFunction(stack, 'Fn', {
    area: 'clicks',
    config,
    tables: standaloneTables(stack),
    userPool: new UserPool(stack, 'Pool'),
    userPoolClientId: 'client',
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
  const bundle = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
  expect(fs.existsSync(path.join(assetDir, 'index.js.map'))).toBe(true);
  expect(bundle).toMatch(/sourceMappingURL=index\.js\.map/);
  // The runtime's AWS SDK is used, not a bundled copy.
  expect(bundle).toMatch(/require\("@aws-sdk\/client-dynamodb"\)|require\("@aws-sdk\/lib-dynamodb"\)/);
  // Minified: a handful of very long lines.
  expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(2000);
});
