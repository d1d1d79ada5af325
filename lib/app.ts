import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig, type StageConfig } from './config';
import { DEFAULT_SITE_DIR, readSiteFiles } from './site-files';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeStack, needsEdgeStack } from './stacks/edge-stack';
import { SiteStack } from './stacks/site-stack';

export interface CloudClickerApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly api: ApiStack;
  /** us-east-1: the domain's certificate and the WAF web ACL; only in stages that have either. */
  readonly edge?: EdgeStack;
  readonly site: SiteStack;
}

export type StackPart = 'Data' | 'Api' | 'Edge' | 'Site';
export const stackName = (stage: string, part: StackPart): string => `CloudClicker-${stage}-${part}`;

/**
 * Builds the whole app for the stage named by the `stage` context value. bin/app.ts and the CDK
 * tests both call this, so the tests check exactly what `cdk synth` produces. The built site comes
 * from web/dist unless the `siteDir` context value names another directory (the tests use a fixture).
 */
export function buildApp(app: App = new App()): CloudClickerApp {
  const config = loadStageConfig(app);
  // With no account configured the stacks stay account-agnostic and deploy to the CLI's account.
  const env = { account: config.account, region: config.region };
  // Checked before anything is built (and bundled), so a missing site build fails at once.
  const site = readSiteFiles((app.node.tryGetContext('siteDir') as string | undefined) ?? DEFAULT_SITE_DIR);

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
    description: `Cloud Clicker ${config.stageName}: HTTP API, functions, alarms and dashboard`,
  });
  // CloudFront takes certificates and web ACLs from us-east-1 only, whatever the stage's region.
  const edge = needsEdgeStack(config)
    ? new EdgeStack(app, stackName(config.stageName, 'Edge'), {
        env,
        config,
        crossRegionReferences: true,
        description: `Cloud Clicker ${config.stageName}: certificate and web ACL for CloudFront (us-east-1)`,
      })
    : undefined;
  const siteStack = new SiteStack(app, stackName(config.stageName, 'Site'), {
    env,
    config,
    site,
    apiDomainName: api.apiDomainName,
    originSecret: api.originSecret,
    live: {
      realtimeDomain: api.liveEvents.api.realtimeDns,
      httpDomain: api.liveEvents.api.httpDns,
      apiKey: api.liveEvents.apiKey.attrApiKey,
    },
    certificate: edge?.certificate,
    webAclArn: edge?.webAcl?.attrArn,
    crossRegionReferences: edge !== undefined,
    description: `Cloud Clicker ${config.stageName}: site bucket and CloudFront distribution`,
  });

  // Not on dashboards: CloudFormation's Dashboard tags are newer than cfn-lint's schema, and a
  // dashboard costs the same whatever its tags.
  const untagged = { excludeResourceTypes: ['AWS::CloudWatch::Dashboard'] };
  Tags.of(app).add('project', 'cloud-clicker', untagged);
  Tags.of(app).add('stage', config.stageName, untagged);
  // cdk-nag v3 is a policy-validation plugin: violations land in the synth's validation report and
  // fail the synth; acknowledgements live next to the constructs they concern.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, data, api, edge, site: siteStack };
}
