import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../lib/app';
import { buildStage, cdkContext, STAGES } from './fixtures';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
}

interface Acknowledgement {
  readonly construct: IConstruct;
  readonly id: string;
  readonly reason: string;
}

/** The acknowledgements recorded with Validations.of(x).acknowledge() anywhere in the tree. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          construct,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe.each(STAGES)('cdk-nag AwsSolutions (%s)', (stage) => {
  it('synthesizes with an empty validation report: no unacknowledged cdk-nag or CloudFormation findings', () => {
    const { app } = buildStage(stage);
    // Under Jest (NODE_ENV=test) the CDK runs in "in-memory" mode and synth throws on any error;
    // the report also holds warnings, which do not fail a synth.
    const assembly = app.synth();
    const report = JSON.parse(
      fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    expect(
      report.pluginReports.flatMap((r) => r.violations.map((v) => `${v.severity} ${v.ruleName}`)),
    ).toEqual([]);
  });

  it('every acknowledgement is narrow, explained, and still hides a real finding', () => {
    // A separate app, checked directly with the acknowledgements switched off (never synthesized).
    const { app } = buildStage(stage);
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions-/);
      expect(ack.reason.length).toBeGreaterThan(40);
      // On a resource or route, never on a whole stack or the app.
      expect(Stack.isStack(ack.construct) || App.isApp(ack.construct)).toBe(false);
    }
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          (entry as { type: string }).type = 'acknowledgement-disabled-for-test';
        }
      }
    }
    const findings = new AwsSolutionsChecks().validateScope(app).violations;
    const hidesSomething = (ack: Acknowledgement): boolean =>
      findings.some(
        (v) =>
          v.ruleName === ack.id &&
          v.violatingResources.some((r) => (r.constructPath ?? '').startsWith(`${ack.construct.node.path}/`)),
      );
    expect(
      acks.filter((ack) => !hidesSomething(ack)).map((ack) => `${ack.construct.node.path} ${ack.id}`),
    ).toEqual([]);
  });
});

it('fails the synth on an unacknowledged AwsSolutions error', () => {
  const app = new App({ context: { ...cdkContext, stage: 'dev', 'aws:cdk:bundling-stacks': [] } });
  buildApp(app);
  const stray = new Stack(app, 'Stray');
  new Role(stray, 'Role', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  });
  expect(() => app.synth()).toThrow(/AwsSolutions-IAM4/);
});
