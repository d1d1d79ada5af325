import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Alias } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { AreaFunction, functionContext } from '../constructs/area-function';
import { ClickAggregator } from '../constructs/click-aggregator';
import { CanaryDeployment } from '../constructs/canary-deployment';
import { Monitoring } from '../constructs/monitoring';
import { logRetentionOf, removalPolicyOf } from '../constructs/stage-defaults';
import { type Area, areas, type AuthMode, routes } from '../../lambdas/contract/routes';
import type { TableKey } from '../../lambdas/contract/tables';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly tables: Record<TableKey, ITable>;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
}

/** Every function is published as a version behind this alias; API Gateway only ever calls the alias. */
export const LIVE_ALIAS = 'live';

const pascal = (s: string): string =>
  s.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/**
 * One line of JSON per request. Only request metadata: no headers at all (so never Authorization),
 * no query string and no body.
 */
export const ACCESS_LOG_FIELDS: Record<string, string> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  responseLength: '$context.responseLength',
  protocol: '$context.protocol',
  ip: '$context.identity.sourceIp',
  error: '$context.error.message',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

/** Why a route has no API Gateway authorizer; cdk-nag APIG4 is acknowledged with it, per route. */
const UNAUTHORIZED_ROUTE_REASON: Record<Exclude<AuthMode, 'required'>, string> = {
  none: 'Public endpoint by design (the product spec lists it without authentication).',
  optional:
    'Optional authentication: anonymous callers are allowed, and a token that is present is verified in the function (invalid -> 401), which a gateway authorizer cannot express.',
};

/**
 * The HTTP API: one function per area and one route per entry of lambdas/contract/routes.ts, so adding an area or
 * a route there is all it takes.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: Record<Area, AreaFunction>;
  /** The `live` alias of each function, which the API integrations target. */
  readonly aliases: Record<Area, Alias>;
  readonly accessLogGroup: LogGroup;
  readonly monitoring: Monitoring;
  /** Per function, in stages with `canary: true`. */
  readonly canaries?: Record<Area, CanaryDeployment>;
  /** Keeps the click totals from the clicks table's stream. */
  readonly clickAggregator: ClickAggregator;
  /** `<api-id>.execute-api.<region>.amazonaws.com`, CloudFront's origin for `/api/*`. */
  readonly apiDomainName: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = removalPolicyOf(config);

    // The value is set by the operator (see README); only the chat function may read it.
    const geminiSecret =
      config.chat.provider === 'gemini'
        ? new Secret(this, 'GeminiApiKey', {
            description: `Cloud Clicker ${config.stageName}: Google Gemini API key for RangerAI`,
            removalPolicy,
          })
        : undefined;
    if (geminiSecret) {
      new CfnOutput(this, 'GeminiApiKeySecretArn', {
        value: geminiSecret.secretArn,
        description:
          'Put the Gemini API key here: aws secretsmanager put-secret-value --secret-id <this> --secret-string <key>',
      });
      Validations.of(geminiSecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'A Google AI Studio API key cannot be rotated by Secrets Manager; the operator rotates it in Google and updates the secret.',
      });
    }

    this.functions = {} as Record<Area, AreaFunction>;
    this.aliases = {} as Record<Area, Alias>;
    for (const area of areas) {
      const fn = new AreaFunction(this, `${pascal(area)}Function`, {
        area,
        config,
        tables: props.tables,
        userPool: props.userPool,
        userPoolClientId: props.userPoolClient.userPoolClientId,
        geminiSecret,
      });
      this.functions[area] = fn;
      // A new version on every change of code or configuration; older versions stay for rollbacks.
      this.aliases[area] = fn.addAlias(LIVE_ALIAS);
    }

    this.clickAggregator = new ClickAggregator(this, 'ClickAggregator', {
      config,
      tables: props.tables,
      context: functionContext(config, props.tables, props.userPool, props.userPoolClient.userPoolClientId),
    });

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `CloudClicker-${config.stageName}`,
      description: `Cloud Clicker ${config.stageName} API`,
      // The stage is created below so that it can carry throttling and access logs.
      createDefaultStage: false,
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: logRetentionOf(config),
      removalPolicy,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttling.rateLimit, burstLimit: config.throttling.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // Functions verify tokens themselves (the same code runs in local mode); the gateway authorizer on
    // required routes additionally turns away anonymous traffic before it costs an invocation.
    const authorizer = new HttpUserPoolAuthorizer('UserPoolAuthorizer', props.userPool, {
      userPoolClients: [props.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    const integrations = {} as Record<Area, HttpLambdaIntegration>;
    for (const area of areas) {
      integrations[area] = new HttpLambdaIntegration(`${pascal(area)}Integration`, this.aliases[area]);
    }

    for (const route of routes) {
      const auth: AuthMode = route.auth;
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.area],
        ...(auth === 'required' ? { authorizer } : {}),
      });
      if (auth !== 'required') {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: UNAUTHORIZED_ROUTE_REASON[auth],
        });
      }
    }

    this.apiDomainName = `${this.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`;

    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      api: this.api,
      functions: this.functions,
      aliases: this.aliases,
      tables: props.tables,
      clickAggregator: this.clickAggregator,
    });

    if (config.canary) {
      const application = new LambdaApplication(this, 'Deployments', {
        applicationName: `CloudClicker-${config.stageName}`,
      });
      this.canaries = {} as Record<Area, CanaryDeployment>;
      for (const area of areas) {
        this.canaries[area] = new CanaryDeployment(this, `${pascal(area)}Canary`, {
          application,
          function: this.functions[area],
          alias: this.aliases[area],
          alarms: this.monitoring.rollbackAlarms[area],
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
  }
}
