import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../lib/app';
import { ALL_STAGES, buildStage, cdkContext } from './fixtures';

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

/** Where each stage was synthesized; the cfn-lint test below reads the same templates. */
const assemblies = new Map<string, string>();

// Every stage of cdk.json, and the test-only stage with a domain outside us-east-1 (cross-region references).
describe.each(ALL_STAGES)('cdk-nag AwsSolutions (%s)', (stage, context) => {
  it('synthesizes with an empty validation report: no unacknowledged cdk-nag or CloudFormation findings', () => {
    const { app } = buildStage(stage, context);
    // Under Jest (NODE_ENV=test) the CDK runs in "in-memory" mode and synth throws on any error;
    // the report also holds warnings, which do not fail a synth.
    const assembly = app.synth();
    assemblies.set(stage, assembly.directory);
    const report = JSON.parse(
      fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    expect(
      report.pluginReports.flatMap((r) => r.violations.map((v) => `${v.severity} ${v.ruleName}`)),
    ).toEqual([]);
  });

  it('every acknowledgement is narrow, explained, and still hides a real finding', () => {
    // A separate app, checked directly with the acknowledgements switched off (never synthesized).
    const { app } = buildStage(stage, context);
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

/** The cfn-lint on PATH, if any (installed on the build machines; CI installs it with pipx). */
function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

describe('cfn-lint', () => {
  const cfnLint = findOnPath('cfn-lint');
  if (!cfnLint) {
    console.warn('Skipping the cfn-lint test: cfn-lint is not on PATH (pipx install cfn-lint).');
  }

  // W3005 (redundant DependsOn) is how CDK always writes dependencies; nothing else is ignored.
  (cfnLint ? it : it.skip)(
    'finds nothing in any synthesized template of any stage, ignoring only W3005',
    async () => {
      const templates = ALL_STAGES.flatMap(([stage]) => {
        const dir = assemblies.get(stage);
        if (!dir) throw new Error(`Stage ${stage} was not synthesized by the tests above`);
        return fs
          .readdirSync(dir)
          .filter((name) => name.endsWith('.template.json'))
          .map((name) => path.join(dir, name));
      });
      expect(templates.length).toBeGreaterThanOrEqual(ALL_STAGES.length * 3);
      const result = await promisify(execFile)(
        cfnLint as string,
        ['--format', 'parseable', '--ignore-checks', 'W3005', '--', ...templates],
        { maxBuffer: 16 * 1024 * 1024 },
      ).then(
        () => '',
        (error: { stdout?: string; stderr?: string; message: string }) =>
          error.stdout || error.stderr || error.message,
      );
      expect(result).toBe('');
    },
    180_000,
  );
});
