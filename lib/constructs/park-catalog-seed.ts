import * as path from 'node:path';
import { CustomResource, Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { parkCatalogSeed } from '../../lambdas/contract/functions';
import { catalogHash } from '../../lambdas/parks/catalog-seed';
import { bundlingOptions, CATALOG_SEED_ENTRY } from '../bundling';
import type { StageConfig } from '../config';
import { FUNCTION_RUNTIME, iamActionsOf } from './area-function';
import { logRetentionOf, removalPolicyOf } from './stage-defaults';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The seeding writes each park with one UpdateItem, and does nothing else. */
export const CATALOG_SEED_ACTIONS = iamActionsOf(parkCatalogSeed.tables.parks);

export interface ParkCatalogSeedProps {
  readonly config: StageConfig;
  /** The parks table of lambdas/contract/tables.ts. */
  readonly table: ITable;
}

/**
 * Loads the park catalog (lambdas/shared/park-catalog.ts) into the parks table at deploy, with the
 * same idempotent seeding local mode runs at start. A custom resource backed by a small function of
 * its own, which may only UpdateItem on the parks table. The resource carries a hash of the catalog,
 * so a change of the catalog (or of the table) makes CloudFormation run the seeding again, while
 * ratings already given are kept.
 */
export class ParkCatalogSeed extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ParkCatalogSeedProps) {
    super(scope, id);
    const { config } = props;
    const logGroup = new LogGroup(this, 'LogGroup', {
      retention: logRetentionOf(config),
      removalPolicy: removalPolicyOf(config),
    });
    // Our own role: AWSLambdaBasicExecutionRole would allow writing to every log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Cloud Clicker ${config.stageName} park catalog loading`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({ actions: CATALOG_SEED_ACTIONS, resources: [props.table.tableArn] }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, CATALOG_SEED_ENTRY),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(2),
      role: this.role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      description: `Cloud Clicker ${config.stageName}: loads the park catalog at deploy`,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      bundling: bundlingOptions(),
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::ParkCatalog',
      properties: { TableName: props.table.tableName, CatalogHash: catalogHash() },
    });
    // The policy must exist before CloudFormation asks the function to write.
    this.resource.node.addDependency(this.role);
  }
}
