import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig } from '../../lib/config';
import { AreaFunction } from '../../lib/constructs/area-function';
import { cdkContext, standaloneTables } from './fixtures';

function standalone(tracing: boolean): { stack: Stack; fn: AreaFunction } {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Standalone', { env: { region: 'eu-west-1' } });
  const fn = new AreaFunction(stack, 'Fn', {
    area: 'clicks',
    config: loadStageConfig(cdkContext, 'dev'),
    tables: standaloneTables(stack),
    userPool: new UserPool(stack, 'Pool'),
    userPoolClientId: 'client',
    originSecret: new Secret(stack, 'OriginSecret'),
    tracing,
  });
  return { stack, fn };
}

describe('AreaFunction', () => {
  it('has tracing off by default', () => {
    const { stack } = standalone(false);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: Match.absent(),
    });
  });

  it('with tracing, turns on X-Ray and explains the one wildcard that needs', () => {
    const { stack, fn } = standalone(true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
        ]),
      },
    });
    const findings = new AwsSolutionsChecks()
      .validateScope(stack)
      .violations.filter((v) =>
        v.violatingResources.some((r) => r.constructPath?.startsWith(`${fn.node.path}Role/`)),
      );
    expect(findings).toEqual([]);
  });
});
