import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig, type StageConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';

export interface CloudClickerApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly api: ApiStack;
}

export const stackName = (stage: string, part: 'Data' | 'Api'): string => `CloudClicker-${stage}-${part}`;

/**
 * Builds the whole app for the stage named by the `stage` context value. bin/app.ts and the CDK
 * tests both call this, so the tests check exactly what `cdk synth` produces.
 */
export function buildApp(app: App = new App()): CloudClickerApp {
  const config = loadStageConfig(app);
  // With no account configured the stacks stay account-agnostic and deploy to the CLI's account.
  const env = { account: config.account, region: config.region };

  const data = new DataStack(app, stackName(config.stageName, 'Data'), {
    env,
    config,
    description: `Cloud Clicker ${config.stageName}: tables and user pool`,
  });
  const api = new ApiStack(app, stackName(config.stageName, 'Api'), {
    env,
    config,
    tables: data.tables,
    userPool: data.userPool,
    userPoolClient: data.userPoolClient,
    description: `Cloud Clicker ${config.stageName}: HTTP API and functions`,
  });

  Tags.of(app).add('project', 'cloud-clicker');
  Tags.of(app).add('stage', config.stageName);
  // cdk-nag v3 is a policy-validation plugin: violations land in the synth's validation report and
  // fail the synth; acknowledgements live next to the constructs they concern.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, data, api };
}
