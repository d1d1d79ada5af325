import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { type Architecture, Code, LayerVersion, type Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { layerModulePath, packageLayerOptions } from '../bundling';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface PackageLayerProps {
  readonly packageName: string;
  readonly description: string;
  /** Those of the functions that use it. */
  readonly runtime: Runtime;
  readonly architecture: Architecture;
}

/**
 * A layer holding one npm package bundled by esbuild (lib/bundling.ts, packageLayerOptions), for a
 * function that loads the package only when it needs it. Built on this machine, like the functions:
 * the Docker image is never used.
 */
export class PackageLayer extends LayerVersion {
  constructor(scope: Construct, id: string, props: PackageLayerProps) {
    const { packageName } = props;
    const lockFile = path.join(REPO_ROOT, 'package-lock.json');
    super(scope, id, {
      description: props.description,
      compatibleRuntimes: [props.runtime],
      compatibleArchitectures: [props.architecture],
      code: Code.fromAsset(path.join(REPO_ROOT, 'node_modules', ...packageName.split('/')), {
        // The lock file pins the package and everything it brings; the source folder alone would not.
        assetHashType: AssetHashType.CUSTOM,
        assetHash: createHash('sha256')
          .update(`${packageName}\n`)
          .update(JSON.stringify(packageLayerOptions(packageName, '')))
          .update(fs.readFileSync(lockFile))
          .digest('hex'),
        bundling: {
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
          local: {
            tryBundle(outputDir: string): boolean {
              buildSync({ ...packageLayerOptions(packageName, outputDir), logLevel: 'warning' });
              fs.writeFileSync(
                path.join(outputDir, layerModulePath(packageName), 'package.json'),
                JSON.stringify({ name: packageName, main: 'index.js' }),
              );
              return true;
            },
          },
        },
      }),
    });
  }
}
