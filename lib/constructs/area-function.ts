import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type ILayerVersion, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { areaBundling, areaEntry, bundlingOptions, CHAT_PROVIDER_PACKAGES } from '../bundling';
import { PackageLayer } from './package-layer';
import type { StageConfig } from '../config';
import {
  type DynamoAction,
  functionNeeds,
  type TableAccess,
  tablesOf,
} from '../../lambdas/contract/functions';
import { type FunctionContext, functionEnvironment } from '../functions';
import type { Area } from '../../lambdas/contract/routes';
import { type TableDefinition, type TableKey, tables } from '../../lambdas/contract/tables';
import { logRetentionOf, removalPolicyOf } from './stage-defaults';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The newest Node.js runtime aws-cdk-lib knows: longest support window, and cdk-nag's L1 passes. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** On a table's global secondary indexes (all attributes projected), reading is all there is. */
export const INDEX_ACTIONS = ['dynamodb:Query'] as const;

/** The IAM actions of one table's access; Scan is never among them (it would let a bug read a whole table). */
export const iamActionsOf = (actions: readonly DynamoAction[]): string[] =>
  actions.map((action) => `dynamodb:${action}`);

/**
 * What the auth function does to users, sign-in included (the app client allows only the admin
 * flow). AdminConfirmSignUp is not granted: the pool only has admin-created users, which are never
 * unconfirmed.
 */
export const USER_POOL_ADMIN_ACTIONS = [
  'cognito-idp:AdminInitiateAuth',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminDeleteUser',
] as const;

export interface ServiceFunctionProps {
  /** Short name for descriptions, e.g. `clicks`. */
  readonly name: string;
  /** The handler's source file, relative to the repository root (export `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly config: StageConfig;
  /** Every table of the stage; the function is granted only `access`. */
  readonly tables: Record<TableKey, ITable>;
  readonly access: TableAccess;
  readonly timeoutSeconds: number;
  readonly environment: Record<string, string>;
  /** X-Ray active tracing; off by default (it costs per trace and needs a wildcard IAM grant). */
  readonly tracing?: boolean;
  /** The esbuild settings; the shared ones of lib/bundling.ts unless the function needs its own. */
  readonly bundling?: BundlingOptions;
  /** Concurrency set aside for this function and its ceiling; none: it shares the account's pool. */
  readonly reservedConcurrency?: number;
  /** Packages it loads at run time besides the runtime's (lib/constructs/package-layer.ts). */
  readonly layers?: readonly ILayerVersion[];
}

/**
 * A Lambda function of this project with the shared defaults: arm64 on the newest Node.js runtime,
 * bundled by esbuild with the runtime's AWS SDK left out, its own log group and its own role with
 * exactly the actions it uses on exactly the tables it is given.
 */
export class ServiceFunction extends NodejsFunction {
  /** The function's own role (the inherited `role` is typed optional); add policies here. */
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const { config } = props;
    const removalPolicy = removalPolicyOf(config);

    // Created before the function so that the function writes to it (not to an implicit, never-expiring
    // /aws/lambda/<name> group) and so that the role can be scoped to it.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: logRetentionOf(config),
      removalPolicy,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole, whose log permissions cover every log group.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Cloud Clicker ${config.stageName} ${props.name} function`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(props.timeoutSeconds),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      // Published versions stay when a newer one replaces them, so an alias can go back to any of them.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
      description: props.description,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: props.bundling ?? bundlingOptions(),
      reservedConcurrentExecutions: props.reservedConcurrency,
      layers: props.layers ? [...props.layers] : undefined,
    });
    this.executionRole = role;

    for (const key of tablesOf(props.access)) {
      // Not table.grant(): on a table with indexes that adds `<table>/index/*`, a wildcard (cdk-nag
      // IAM5). The indexes of lambdas/contract/tables.ts are named instead, and only for Query.
      const tableArn = props.tables[key].tableArn;
      const actions = props.access[key] ?? [];
      role.addToPolicy(new PolicyStatement({ actions: iamActionsOf(actions), resources: [tableArn] }));
      const definition: TableDefinition = tables[key];
      const indexes = Object.keys(definition.indexes ?? {});
      if (indexes.length > 0 && actions.includes('Query')) {
        role.addToPolicy(
          new PolicyStatement({
            actions: [...INDEX_ACTIONS],
            resources: indexes.map((name) => `${tableArn}/index/${name}`),
          }),
        );
      }
    }
    if (props.tracing) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
      });
    }
  }
}

/** What every function of the stage is told about its tables, pool and settings. */
export function functionContext(
  config: StageConfig,
  tableSet: Record<TableKey, ITable>,
  userPool: IUserPool,
  userPoolClientId: string,
  geminiSecret?: ISecret,
): FunctionContext {
  return {
    stage: config.stageName,
    tableNames: Object.fromEntries(
      Object.entries(tableSet).map(([key, table]) => [key, table.tableName]),
    ) as Record<TableKey, string>,
    userPoolId: userPool.userPoolId,
    userPoolClientId,
    clicks: config.clicks,
    chat: { ...config.chat, geminiSecretId: geminiSecret?.secretArn },
  };
}

export interface AreaFunctionProps {
  readonly area: Area;
  readonly config: StageConfig;
  /** Every table of the stage; the function gets grants and variables only for those it needs. */
  readonly tables: Record<TableKey, ITable>;
  readonly userPool: IUserPool;
  readonly userPoolClientId: string;
  /** The Gemini API key's secret, when the stage's chat provider is `gemini`. */
  readonly geminiSecret?: ISecret;
  /** CloudFront's origin secret: the function refuses requests that do not carry it. */
  readonly originSecret: ISecret;
  /** X-Ray active tracing; off by default (it costs per trace and needs a wildcard IAM grant). */
  readonly tracing?: boolean;
}

/**
 * The Lambda function of one API area (lambdas/<area>/handler.ts), with exactly the permissions
 * lambdas/contract/functions.ts declares for that area.
 */
export class AreaFunction extends ServiceFunction {
  readonly area: Area;

  constructor(scope: Construct, id: string, props: AreaFunctionProps) {
    const { area, config } = props;
    const needs = functionNeeds[area];
    const context = functionContext(
      config,
      props.tables,
      props.userPool,
      props.userPoolClientId,
      props.geminiSecret,
    );
    super(scope, id, {
      name: area,
      entry: areaEntry(area),
      bundling: areaBundling(area),
      layers: area === 'chat' ? providerLayers(scope, id, config) : undefined,
      description: `Cloud Clicker ${config.stageName}: ${area} API`,
      config,
      tables: props.tables,
      access: needs.tables,
      timeoutSeconds: needs.timeoutSeconds,
      environment: functionEnvironment(area, context),
      tracing: props.tracing,
      // Chat waits seconds for a model: its ceiling keeps the rest of the account's concurrency for
      // sign-in, clicks and the other areas.
      reservedConcurrency: area === 'chat' ? config.chat.reservedConcurrency : undefined,
    });
    this.area = area;
    // Not in lib/functions.ts, which local mode shares: local mode has no CloudFront and no secret.
    this.addEnvironment('ORIGIN_SECRET_ARN', props.originSecret.secretArn);
    props.originSecret.grantRead(this);
    if (needs.userPoolAdmin) props.userPool.grant(this, ...USER_POOL_ADMIN_ACTIONS);
    if (area === 'chat') this.grantChatProvider(config, props.geminiSecret);
  }

  /** Only the configured model, or only the Gemini key's secret: never every model or every secret. */
  private grantChatProvider(config: StageConfig, geminiSecret: ISecret | undefined): void {
    if (config.chat.provider === 'bedrock') {
      this.executionRole.addToPolicy(
        new PolicyStatement({
          actions: ['bedrock:InvokeModel'],
          resources: [
            Stack.of(this).formatArn({
              service: 'bedrock',
              account: '',
              resource: 'foundation-model',
              resourceName: config.chat.modelId,
            }),
          ],
        }),
      );
    }
    if (config.chat.provider === 'gemini') {
      if (!geminiSecret) throw new Error('The gemini chat provider needs the Gemini API key secret');
      geminiSecret.grantRead(this);
    }
  }
}

/** The layers of the packages the stage's chat provider needs (none for Bedrock: the runtime has its SDK). */
function providerLayers(scope: Construct, id: string, config: StageConfig): PackageLayer[] {
  return CHAT_PROVIDER_PACKAGES[config.chat.provider].map(
    (packageName) =>
      new PackageLayer(scope, `${id}${packageName.replace(/\W+/g, '')}Layer`, {
        packageName,
        description: `Cloud Clicker ${config.stageName}: ${packageName} for the chat function`,
        runtime: FUNCTION_RUNTIME,
        architecture: Architecture.ARM_64,
      }),
  );
}
