import { tableEnvName } from '../../lambdas/contract/functions';
import { routeKey, routesOf } from '../../lambdas/contract/routes';
import { tableKeys } from '../../lambdas/contract/tables';
import { actionsOf, importOf, logicalId, STAGES, statementsOfRole, synthStages } from './fixtures';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

const built = synthStages();

/** Exactly the actions each store uses: the quiz never reads one item, locations never query. */
const AREAS = [
  { area: 'quiz', table: 'quiz', actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query'] },
  {
    area: 'locations',
    table: 'locations',
    actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
] as const;

describe.each(STAGES)('quiz and locations (%s)', (stage) => {
  const { api, data, apiTemplate, dataTemplate } = built[stage];
  const resources = apiTemplate.toJSON().Resources as Record<string, Resource>;
  const dataResources = dataTemplate.toJSON().Resources as Record<string, Resource>;
  const tableArn = (key: (typeof tableKeys)[number]) =>
    importOf(dataTemplate, { 'Fn::GetAtt': [logicalId(data, data.tables[key]), 'Arn'] });
  const tableName = (key: (typeof tableKeys)[number]) =>
    importOf(dataTemplate, { Ref: logicalId(data, data.tables[key]) });

  describe.each(AREAS)('$area function', ({ area, table, actions }) => {
    const fn = api.functions[area];
    const fnId = logicalId(api, fn);
    // API Gateway calls the function's `live` alias.
    const aliasId = logicalId(api, api.aliases[area]);
    const roleId = logicalId(api, fn.executionRole);
    const properties = resources[fnId].Properties;
    const statements = statementsOfRole(apiTemplate, roleId);

    it('is an arm64 Node.js function of its own area', () => {
      expect(properties).toMatchObject({ Architectures: ['arm64'], Handler: 'index.handler' });
      expect(String(properties.Runtime)).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(String(properties.Description)).toContain(`${area} API`);
    });

    it(`has only its own table in its environment (${tableEnvName(table)})`, () => {
      const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toEqual({
        STAGE: stage,
        USER_POOL_ID: importOf(dataTemplate, { Ref: logicalId(data, data.userPool) }),
        USER_POOL_CLIENT_ID: importOf(dataTemplate, { Ref: logicalId(data, data.userPoolClient) }),
        [tableEnvName(table)]: tableName(table),
        NODE_OPTIONS: '--enable-source-maps',
        // Every area function refuses requests that did not come through CloudFront.
        ORIGIN_SECRET_ARN: { Ref: expect.stringMatching(/^OriginSecret/) },
      });
      const tableVariables = Object.keys(variables).filter((name) => name.endsWith('_TABLE'));
      expect(tableVariables).toEqual([tableEnvName(table)]);
      // No secret, model or shard settings leak in from other areas.
      expect(
        Object.keys(variables).filter(
          (n) => n !== 'ORIGIN_SECRET_ARN' && /SECRET|GEMINI|BEDROCK|MODEL|SHARD/i.test(n),
        ),
      ).toEqual([]);
    });

    it('may use only its own table, with only the actions its store uses (no Scan, no wildcard)', () => {
      const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toEqual([{ Effect: 'Allow', Action: [...actions], Resource: tableArn(table) }]);
      expect(dynamo.flatMap(actionsOf)).not.toContain('dynamodb:Scan');
      // TransactWriteItems needs no action of its own: it is authorized per item (PutItem, UpdateItem…).
      for (const other of tableKeys.filter((key) => key !== table)) {
        expect(JSON.stringify(statements)).not.toContain(JSON.stringify(tableArn(other)));
        expect(JSON.stringify(statements)).not.toContain(logicalId(data, data.tables[other]));
      }
    });

    it('has nothing else: its log group, the origin secret, and no Cognito, Bedrock or wildcard', () => {
      const services = new Set(statements.flatMap(actionsOf).map((a) => a.split(':')[0]));
      expect([...services].sort()).toEqual(['dynamodb', 'logs', 'secretsmanager']);
      const secrets = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
      expect(secrets.map((s) => s.Resource)).toEqual([{ Ref: expect.stringMatching(/^OriginSecret/) }]);
      const logGroupRef = (properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const logs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logGroupRef, 'Arn'] },
        },
      ]);
      expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"|:\*"/);
      expect(
        (resources[roleId].Properties as { ManagedPolicyArns?: unknown }).ManagedPolicyArns,
      ).toBeUndefined();
    });

    it('serves exactly its routes, with the JWT authorizer wherever a token is required', () => {
      const integrations = Object.entries(resources).filter(
        ([, r]) =>
          r.Type === 'AWS::ApiGatewayV2::Integration' &&
          JSON.stringify(r.Properties.IntegrationUri) === JSON.stringify({ Ref: aliasId }),
      );
      expect(integrations).toHaveLength(1);
      const [integrationId] = integrations[0];
      const served = Object.values(resources)
        .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
        .filter((r) => JSON.stringify(r.Properties.Target).includes(`"${integrationId}"`));
      expect(served.map((r) => r.Properties.RouteKey).sort()).toEqual(routesOf(area).map(routeKey).sort());
      for (const route of routesOf(area)) {
        const resource = served.find((r) => r.Properties.RouteKey === routeKey(route));
        expect(resource?.Properties.AuthorizationType).toBe(route.auth === 'required' ? 'JWT' : 'NONE');
      }
    });

    it('may be invoked by API Gateway only through its own routes', () => {
      const permissions = Object.values(resources).filter(
        (r) =>
          r.Type === 'AWS::Lambda::Permission' &&
          JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: aliasId }),
      );
      expect(permissions).toHaveLength(routesOf(area).length);
      for (const permission of permissions) {
        expect(permission.Properties).toMatchObject({
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
        });
        const sourceArn = JSON.stringify(permission.Properties.SourceArn);
        expect(routesOf(area).some((r) => sourceArn.includes(`/*/*${r.path}"`))).toBe(true);
      }
    });

    it(`its table: pk/sk strings, on demand, point-in-time recovery, no TTL, no index`, () => {
      const resource = dataResources[logicalId(data, data.tables[table])];
      expect(resource.Type).toBe('AWS::DynamoDB::Table');
      expect(resource.Properties).toMatchObject({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
      expect(resource.Properties.AttributeDefinitions).toEqual([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]);
      expect(resource.Properties.TimeToLiveSpecification).toBeUndefined();
      expect(resource.Properties.GlobalSecondaryIndexes).toBeUndefined();
      expect(resource.Properties.TableName).toBeUndefined();
    });
  });

  it('no other function may touch the quiz or locations tables', () => {
    for (const [area, fn] of Object.entries(api.functions)) {
      const statements = JSON.stringify(statementsOfRole(apiTemplate, logicalId(api, fn.executionRole)));
      for (const { area: owner, table } of AREAS) {
        if (area === owner) continue;
        expect({ area, table, granted: statements.includes(JSON.stringify(tableArn(table))) }).toEqual({
          area,
          table,
          granted: false,
        });
      }
    }
  });
});
