import { AttributeType, type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { tableKeys, type TableKey } from '../../lambdas/contract/tables';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import { buildApp, type CloudClickerApp } from '../../lib/app';

/** The context `cdk synth` gets from cdk.json, so the tests check the real stage settings. */
export const cdkContext: Record<string, unknown> = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export const STAGES = ['dev', 'prod'] as const;

/** A small stand-in for web/dist, so the tests neither need the site built nor follow its file names. */
export const SITE_FIXTURE_DIR = path.join(__dirname, 'site-fixture');

const cdkStages = cdkContext.stages as Record<string, Record<string, unknown>>;

/**
 * A stage that exists only in the tests: a custom domain in its Route 53 zone, outside us-east-1 (so
 * the certificate and the web ACL are cross-region references), with an alarm e-mail.
 */
export const DOMAIN_STAGE = 'domain';
export const DOMAIN_STAGE_SETTINGS = {
  ...cdkStages.prod,
  region: 'eu-west-1',
  domainName: 'clicker.example.com',
  hostedZoneId: 'Z0123456789EXAMPLE',
  hostedZoneName: 'example.com',
  alarmEmail: 'ops@example.com',
  waf: { enabled: true, ratePer5Minutes: 500 },
};
export const domainStageContext = { stages: { ...cdkStages, [DOMAIN_STAGE]: DOMAIN_STAGE_SETTINGS } };

/** Every stage of cdk.json plus the test-only domain stage, with the context each needs. */
export const ALL_STAGES: readonly [string, Record<string, unknown>][] = [
  ...Object.keys(cdkStages).map((stage): [string, Record<string, unknown>] => [stage, {}]),
  [DOMAIN_STAGE, domainStageContext],
];

export interface SynthesizedStage extends CloudClickerApp {
  readonly dataTemplate: Template;
  readonly apiTemplate: Template;
  readonly siteTemplate: Template;
  readonly edgeTemplate?: Template;
  readonly assemblyDir: string;
}

/** Builds the app for a stage without running esbuild (the bundling test covers that). */
export function buildStage(stage: string, extraContext: Record<string, unknown> = {}): CloudClickerApp {
  return buildApp(
    new App({
      context: {
        ...cdkContext,
        stage,
        'aws:cdk:bundling-stacks': [],
        siteDir: SITE_FIXTURE_DIR,
        ...extraContext,
      },
    }),
  );
}

/** Builds and synthesizes once; Template.fromStack reuses the cached assembly. */
export function synthStage(stage: string, extraContext: Record<string, unknown> = {}): SynthesizedStage {
  const built = buildStage(stage, extraContext);
  const assembly = built.app.synth();
  return {
    ...built,
    assemblyDir: assembly.directory,
    dataTemplate: Template.fromStack(built.data),
    apiTemplate: Template.fromStack(built.api),
    siteTemplate: Template.fromStack(built.site),
    edgeTemplate: built.edge ? Template.fromStack(built.edge) : undefined,
  };
}

/** Every stage of STAGES synthesized once, for a test file that checks them all. */
export function synthStages(): Record<(typeof STAGES)[number], SynthesizedStage> {
  return Object.fromEntries(STAGES.map((stage) => [stage, synthStage(stage)])) as Record<
    (typeof STAGES)[number],
    SynthesizedStage
  >;
}

/** Logical id of the CloudFormation resource behind an L2 construct. */
export function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

type Json = Record<string, unknown>;

/**
 * What the consuming stack sees for a value exported by the data stack: `{"Fn::ImportValue": name}`
 * where name is the export of the data-stack output whose value is `producerValue`.
 */
export function importOf(producer: Template, producerValue: unknown): Json {
  const outputs = producer.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
  const match = Object.values(outputs).find(
    (o) => o.Export !== undefined && JSON.stringify(o.Value) === JSON.stringify(producerValue),
  );
  if (!match?.Export) throw new Error(`No export of ${JSON.stringify(producerValue)}`);
  return { 'Fn::ImportValue': match.Export.Name };
}

export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every statement of every inline policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<
    string,
    { Properties: { Roles: Json[]; PolicyDocument: { Statement: PolicyStatementJson[] } } }
  >;
  return Object.values(policies)
    .filter((p) => p.Properties.Roles.some((r) => r.Ref === roleLogicalId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

export const actionsOf = (s: PolicyStatementJson): string[] =>
  Array.isArray(s.Action) ? s.Action : [s.Action];

/** One plain table per entry of lambdas/contract/tables.ts, for tests that build a function outside the app. */
export function standaloneTables(scope: Construct): Record<TableKey, ITable> {
  const built = {} as Record<TableKey, ITable>;
  for (const key of tableKeys) {
    built[key] = new Table(scope, `Table-${key}`, {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
    });
  }
  return built;
}
