import { Validations } from 'aws-cdk-lib';
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import {
  type ILambdaApplication,
  LambdaDeploymentConfig,
  LambdaDeploymentGroup,
} from 'aws-cdk-lib/aws-codedeploy';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Alias, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** What CodeDeploy does to a function during a Lambda deployment: read and move its alias. */
export const CANARY_ALIAS_ACTIONS = [
  'lambda:GetAlias',
  'lambda:UpdateAlias',
  'lambda:GetProvisionedConcurrencyConfig',
] as const;

export interface CanaryDeploymentProps {
  readonly application: ILambdaApplication;
  readonly function: IFunction;
  readonly alias: Alias;
  /** The function's alarms; any of them firing during the canary rolls the alias back. */
  readonly alarms: IAlarm[];
}

/**
 * Publishes a new version of one function through CodeDeploy: 10 % of the alias's traffic for five
 * minutes, then all of it, unless one of the function's alarms fires, in which case the alias goes
 * back to the previous version (and the CloudFormation update fails and rolls back too).
 */
export class CanaryDeployment extends Construct {
  readonly group: LambdaDeploymentGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: CanaryDeploymentProps) {
    super(scope, id);
    // Our own role instead of AWSCodeDeployRoleForLambdaLimited, which may move any alias in the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('codedeploy.amazonaws.com'),
      description: `CodeDeploy canary of ${props.alias.aliasName} of one Cloud Clicker function`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [...CANARY_ALIAS_ACTIONS],
        // The alias ARN spelled out from the function's: a Ref to the alias would make this policy
        // depend on the alias, whose update policy depends on the group, which depends on this policy.
        resources: [props.function.functionArn, `${props.function.functionArn}:${props.alias.aliasName}`],
      }),
    );
    this.role.addToPolicy(new PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: ['*'] }));
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CodeDeploy reads the state of the rollback alarms with cloudwatch:DescribeAlarms, a read-only call granted on all alarms as in AWS’s own CodeDeploy policy.',
    });

    this.group = new LambdaDeploymentGroup(this, 'Group', {
      application: props.application,
      alias: props.alias,
      deploymentConfig: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms: props.alarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      // Immutable: the group would otherwise attach AWSCodeDeployRoleForLambdaLimited to it.
      role: this.role.withoutPolicyUpdates(),
    });
    // The group must not exist (and deploy) before its role may move the alias.
    this.group.node.addDependency(this.role);
  }
}
