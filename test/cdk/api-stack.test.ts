import { iamActionsOf, INDEX_ACTIONS, USER_POOL_ADMIN_ACTIONS } from '../../lib/constructs/area-function';
import { functionNeeds, tableEnvName, tablesOf } from '../../lambdas/contract/functions';
import { functionEnvironment } from '../../lib/functions';
import { areas, bufferedRoutes, routeKey, routes } from '../../lambdas/contract/routes';
import { ACCESS_LOG_FIELDS } from '../../lib/stacks/api-stack';
import { type TableDefinition, type TableKey, tableKeys, tables } from '../../lambdas/contract/tables';
import { actionsOf, importOf, logicalId, STAGES, statementsOfRole, synthStages } from './fixtures';

const built = synthStages();

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

describe.each(STAGES)('API stack (%s)', (stage) => {
  const { api, data, apiTemplate: template, dataTemplate, config } = built[stage];
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const fnId = (area: (typeof areas)[number]): string => logicalId(api, api.functions[area]);
  const roleId = (area: (typeof areas)[number]): string => logicalId(api, api.functions[area].executionRole);
  const userPoolArn = importOf(dataTemplate, { 'Fn::GetAtt': [logicalId(data, data.userPool), 'Arn'] });
  const tableArn = (key: (typeof tableKeys)[number]) =>
    importOf(dataTemplate, { 'Fn::GetAtt': [logicalId(data, data.tables[key]), 'Arn'] });

  it('has one function per area, chat’s streaming function and the click aggregator, nothing else', () => {
    template.resourceCountIs('AWS::Lambda::Function', areas.length + 2);
  });

  it.each(areas)('%s function: Node.js 24 on arm64, bundled handler, shared defaults', (area) => {
    expect(resources[fnId(area)].Properties).toEqual(
      expect.objectContaining({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: functionNeeds[area].timeoutSeconds,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
      }),
    );
  });

  it.each(areas)('%s function: environment from functionEnvironment() plus source maps', (area) => {
    const env = (resources[fnId(area)].Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    // Ask the shared module with placeholder values, then swap in what the template must hold.
    const inTemplate: Record<string, unknown> = {
      '<pool>': importOf(dataTemplate, { Ref: logicalId(data, data.userPool) }),
      '<client>': importOf(dataTemplate, { Ref: logicalId(data, data.userPoolClient) }),
    };
    for (const key of tableKeys) {
      inTemplate[`<table:${key}>`] = importOf(dataTemplate, { Ref: logicalId(data, data.tables[key]) });
    }
    const expected = functionEnvironment(area, {
      stage,
      userPoolId: '<pool>',
      userPoolClientId: '<client>',
      tableNames: Object.fromEntries(tableKeys.map((key) => [key, `<table:${key}>`])) as Record<
        TableKey,
        string
      >,
      clicks: config.clicks,
      chat: config.chat,
    });
    expect(env).toEqual({
      ...Object.fromEntries(
        Object.entries(expected).map(([name, value]) => [name, inTemplate[value] ?? value]),
      ),
      // Only in AWS: local mode, which shares functionEnvironment(), has no CloudFront in front.
      ORIGIN_SECRET_ARN: { Ref: logicalId(api, api.originSecret) },
      NODE_OPTIONS: '--enable-source-maps',
    });
    for (const table of tablesOf(functionNeeds[area].tables)) expect(env[tableEnvName(table)]).toBeDefined();
  });

  it.each(areas)('%s function: its own log group, with the stage retention', (area) => {
    const logGroupRef = (resources[fnId(area)].Properties.LoggingConfig as { LogGroup: { Ref: string } })
      .LogGroup.Ref;
    const logGroup = resources[logGroupRef];
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(config.logRetentionDays);
    expect(logGroup.DeletionPolicy).toBe(config.removalPolicy === 'retain' ? 'Retain' : 'Delete');
    const otherFunctionsUsingIt = areas.filter(
      (other) =>
        other !== area &&
        (resources[fnId(other)].Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref ===
          logGroupRef,
    );
    expect(otherFunctionsUsingIt).toEqual([]);
  });

  it.each(areas)('%s function: role grants exactly what lambdas/contract/functions.ts declares', (area) => {
    const role = resources[roleId(area)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = statementsOfRole(template, roleId(area));
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);

    const logs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
    const logGroupRef = (resources[fnId(area)].Properties.LoggingConfig as { LogGroup: { Ref: string } })
      .LogGroup.Ref;
    expect(logs).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logGroupRef, 'Arn'] },
      },
    ]);

    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    const access = functionNeeds[area].tables;
    const expectedTables = tablesOf(access);
    // Statements on indexes name each index of lambdas/contract/tables.ts (never `index/*`) and allow Query only.
    const onIndex = (s: (typeof dynamo)[number]) => JSON.stringify(s.Resource).includes('/index/');
    const tableStatements = dynamo.filter((s) => !onIndex(s));
    const indexStatements = dynamo.filter(onIndex);
    expect(tableStatements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))).toEqual(
      expect.arrayContaining(expectedTables.map(tableArn)),
    );
    expect(
      tableStatements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])),
    ).toHaveLength(expectedTables.length);
    for (const key of expectedTables) {
      const onTable = tableStatements.filter(
        (s) => JSON.stringify(s.Resource) === JSON.stringify(tableArn(key)),
      );
      expect(onTable).toHaveLength(1);
      expect([...actionsOf(onTable[0])].sort()).toEqual(iamActionsOf(access[key] ?? []).sort());
    }
    const expectedIndexes = expectedTables
      .filter((key) => access[key]?.includes('Query'))
      .flatMap((key) =>
        Object.keys((tables[key] as TableDefinition).indexes ?? {}).map((name) => ({
          'Fn::Join': ['', [tableArn(key), `/index/${name}`]],
        })),
      );
    expect(indexStatements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))).toEqual(
      expectedIndexes,
    );
    for (const s of indexStatements) expect(actionsOf(s)).toEqual([...INDEX_ACTIONS]);

    const cognito = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('cognito-idp:')));
    if (functionNeeds[area].userPoolAdmin) {
      expect(cognito).toEqual([
        { Effect: 'Allow', Action: [...USER_POOL_ADMIN_ACTIONS].sort(), Resource: userPoolArn },
      ]);
    } else {
      expect(cognito).toEqual([]);
    }

    // The chat function's model grant is checked in chat.test.ts.
    const bedrock = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock:')));
    expect(bedrock).toHaveLength(area === 'chat' && config.chat.provider === 'bedrock' ? 1 : 0);

    // Every function reads CloudFront's origin secret, and no other secret.
    const secrets = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: { Ref: logicalId(api, api.originSecret) },
      },
    ]);

    // Nothing else, and never a wildcard resource.
    expect(logs.length + dynamo.length + cognito.length + bedrock.length + secrets.length).toBe(
      statements.length,
    );
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"|:\*"/);
  });

  it('clicks may use only the clicks and click totals tables, auth only its sign-in counters, ops no table', () => {
    // Spelled out for the three areas the foundation ships with, on top of the generic check above.
    const dynamoResources = (area: (typeof areas)[number]) =>
      statementsOfRole(template, roleId(area))
        .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))
        .map((s) => s.Resource);
    const clicksTables = dynamoResources('clicks').flat();
    expect(clicksTables).toHaveLength(2);
    expect(clicksTables).toEqual(expect.arrayContaining([tableArn('clicks'), tableArn('clickTotals')]));
    expect(dynamoResources('auth')).toEqual([tableArn('auth')]);
    expect(dynamoResources('ops')).toEqual([]);
    const cognitoActions = statementsOfRole(template, roleId('auth'))
      .filter((s) => JSON.stringify(s.Resource) === JSON.stringify(userPoolArn))
      .flatMap(actionsOf);
    expect(cognitoActions).toEqual(
      expect.arrayContaining(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminSetUserPassword']),
    );
  });

  it('routes: exactly the routes of lambdas/contract/routes.ts but the streamed ones, each to its area function', () => {
    const apiRoutes = template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>;
    expect(
      Object.values(apiRoutes)
        .map((r) => r.Properties.RouteKey)
        .sort(),
    ).toEqual(bufferedRoutes.map(routeKey).sort());

    const integrations = template.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>;
    const authorizerId = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];
    for (const route of bufferedRoutes) {
      const [apiRoute] = Object.values(apiRoutes).filter((r) => r.Properties.RouteKey === routeKey(route));
      const target = apiRoute.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integration = integrations[target['Fn::Join'][1][1].Ref];
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        // The function's `live` alias, never the function itself (see safe-deploys.test.ts).
        IntegrationUri: { Ref: logicalId(api, api.aliases[route.area]) },
      });
      if (route.auth === 'required') {
        expect(apiRoute.Properties).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
      } else {
        expect(apiRoute.Properties.AuthorizationType).toBe('NONE');
      }
    }
  });

  it('one integration per area', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', areas.length);
  });

  it('API Gateway may invoke each function only through its own routes', () => {
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission') as Record<string, Resource>,
    );
    for (const p of permissions) {
      expect(p.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      });
      const sourceArn = JSON.stringify(p.Properties.SourceArn);
      expect(bufferedRoutes.some((r) => sourceArn.includes(`/*/*${r.path}"`))).toBe(true);
    }
    expect(permissions).toHaveLength(bufferedRoutes.length);
  });

  it('JWT authorizer trusts only this stage’s user pool and app client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [importOf(dataTemplate, { Ref: logicalId(data, data.userPoolClient) })],
        Issuer: {
          'Fn::Join': [
            '',
            [
              `https://cognito-idp.${config.region}.amazonaws.com/`,
              importOf(dataTemplate, { Ref: logicalId(data, data.userPool) }),
            ],
          ],
        },
      },
    });
  });

  it('default stage: auto-deployed, throttled per stage config', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: config.throttling.rateLimit,
        ThrottlingBurstLimit: config.throttling.burstLimit,
      },
    });
  });

  it('throttles sign-in, sign-up and chat per stage config, on routes that exist before the stage', () => {
    const [[stageId, stageResource]] = Object.entries(
      template.findResources('AWS::ApiGatewayV2::Stage') as Record<
        string,
        Resource & { DependsOn?: string[] }
      >,
    );
    const { login, register, chat } = config.throttling.routes;
    const keyOf = (operationId: string) => routeKey(routes.find((r) => r.operationId === operationId)!);
    const settings = (t: { rateLimit: number; burstLimit: number }) => ({
      ThrottlingRateLimit: t.rateLimit,
      ThrottlingBurstLimit: t.burstLimit,
    });
    expect(stageResource.Properties.RouteSettings).toEqual({
      [keyOf('login')]: settings(login),
      [keyOf('register')]: settings(register),
      [keyOf('postChat')]: settings(chat),
    });
    const routeIdsByKey = Object.fromEntries(
      Object.entries(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>).map(
        ([id, r]) => [r.Properties.RouteKey as string, id],
      ),
    );
    for (const operationId of ['login', 'register', 'postChat'])
      expect(stageResource.DependsOn).toContain(routeIdsByKey[keyOf(operationId)]);
    expect(stageId).toBeDefined();
  });

  it('generates CloudFront’s origin secret in Secrets Manager: its value is in no template', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
    expect(resources[logicalId(api, api.originSecret)].Properties).not.toHaveProperty('SecretString');
  });

  it('access logs: one JSON line per request to a retained-per-config log group, never headers', () => {
    const stageResource = Object.values(
      template.findResources('AWS::ApiGatewayV2::Stage') as Record<string, Resource>,
    )[0];
    const settings = stageResource.Properties.AccessLogSettings as {
      DestinationArn: { 'Fn::GetAtt': [string, string] };
      Format: string;
    };
    const logGroup = resources[settings.DestinationArn['Fn::GetAtt'][0]];
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(config.logRetentionDays);
    expect(logGroup.DeletionPolicy).toBe(config.removalPolicy === 'retain' ? 'Retain' : 'Delete');

    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
      ip: '$context.identity.sourceIp',
    });
    expect(settings.Format.toLowerCase()).not.toMatch(/authorization|header|querystring|body/);
  });

  it('outputs the API URL', () => {
    const outputs = template.findOutputs('ApiUrl');
    const value = JSON.stringify(Object.values(outputs)[0]?.Value);
    expect(value).toContain(JSON.stringify({ Ref: logicalId(api, api.api) }));
    expect(value).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",.*"\.execute-api\./);
  });

  it('names no physical resources, so stages can share an account', () => {
    const nameProperty: Record<string, string> = {
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::IAM::Role': 'RoleName',
    };
    for (const resource of Object.values(resources)) {
      const property = nameProperty[resource.Type];
      if (property) expect(resource.Properties[property]).toBeUndefined();
    }
  });
});

it('stacks are named CloudClicker-<stage>-Data/Api and deploy to the configured region', () => {
  for (const stage of STAGES) {
    const { data, api, config } = built[stage];
    expect(data.stackName).toBe(`CloudClicker-${stage}-Data`);
    expect(api.stackName).toBe(`CloudClicker-${stage}-Api`);
    expect(api.region).toBe(config.region);
    expect(api.dependencies).toContain(data);
  }
});
