import { INDEX_ACTIONS } from '../../lib/constructs/area-function';
import { CATALOG_SEED_ACTIONS } from '../../lib/constructs/park-catalog-seed';
import { areas, routeKey, routesOf } from '../../lambdas/contract/routes';
import { catalogHash } from '../../lambdas/parks/catalog-seed';
import { actionsOf, importOf, logicalId, STAGES, statementsOfRole, synthStages } from './fixtures';

const built = synthStages();

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
};

describe.each(STAGES)('parks (%s)', (stage) => {
  const { api, data, apiTemplate, dataTemplate, config } = built[stage];
  const dataResources = dataTemplate.toJSON().Resources as Record<string, Resource>;
  const apiResources = apiTemplate.toJSON().Resources as Record<string, Resource>;
  const parksTableId = logicalId(data, data.tables.parks);
  const importedParksArn = importOf(dataTemplate, { 'Fn::GetAtt': [parksTableId, 'Arn'] });

  it('the parks table has the byTime index on gsi1pk/gsi1sk, projecting every attribute', () => {
    const table = dataResources[parksTableId];
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byTime',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
    );
  });

  it('every parks route goes to the parks function', () => {
    const parksAlias = logicalId(api, api.aliases.parks);
    const integrationId = Object.entries(apiResources).find(
      ([, r]) =>
        r.Type === 'AWS::ApiGatewayV2::Integration' &&
        JSON.stringify(r.Properties.IntegrationUri) === JSON.stringify({ Ref: parksAlias }),
    )?.[0];
    expect(integrationId).toBeDefined();
    const parksRouteKeys = Object.values(apiResources)
      .filter(
        (r) =>
          r.Type === 'AWS::ApiGatewayV2::Route' &&
          JSON.stringify(r.Properties.Target).includes(`{"Ref":"${integrationId}"}`),
      )
      .map((r) => r.Properties.RouteKey)
      .sort();
    expect(parksRouteKeys).toEqual(routesOf('parks').map(routeKey).sort());
    expect(parksRouteKeys).toHaveLength(13);
  });

  it('the parks function may use the parks table and Query its index by name, nothing else', () => {
    const statements = statementsOfRole(apiTemplate, logicalId(api, api.functions.parks.executionRole));
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(2);
    expect(dynamo).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: expect.any(Array), Resource: importedParksArn },
        {
          Effect: 'Allow',
          Action: INDEX_ACTIONS[0],
          Resource: { 'Fn::Join': ['', [importedParksArn, '/index/byTime']] },
        },
      ]),
    );
    const onTable = dynamo.find((s) => JSON.stringify(s.Resource) === JSON.stringify(importedParksArn));
    // Exactly what the parks store uses: no batch writes, no condition checks.
    expect([...actionsOf(onTable!)].sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    // In particular no Scan, and no index wildcard.
    expect(JSON.stringify(statements)).not.toMatch(/dynamodb:Scan|index\/\*|dynamodb:\*/);
  });

  it('no other function has any grant on the parks table', () => {
    for (const area of areas.filter((a) => a !== 'parks')) {
      const statements = statementsOfRole(apiTemplate, logicalId(api, api.functions[area].executionRole));
      expect(JSON.stringify(statements)).not.toContain(JSON.stringify(importedParksArn));
    }
  });

  describe('catalog seeding at deploy', () => {
    const seed = data.parkCatalog;
    const fnId = logicalId(data, seed.function);
    const roleId = logicalId(data, seed.role);
    const [resourceId, resource] = Object.entries(dataResources).find(
      ([, r]) => r.Type === 'Custom::ParkCatalog',
    ) ?? ['', { Type: '', Properties: {} }];

    it('is one custom resource served by its own function, carrying the table and a hash of the catalog', () => {
      expect(Object.values(dataResources).filter((r) => r.Type === 'Custom::ParkCatalog')).toHaveLength(1);
      expect(resourceId).toBe(logicalId(data, seed.resource));
      expect(resource.Properties).toEqual({
        ServiceToken: { 'Fn::GetAtt': [fnId, 'Arn'] },
        TableName: { Ref: parksTableId },
        // A change of the catalog changes this property, so CloudFormation runs the seeding again.
        CatalogHash: catalogHash(),
      });
    });

    it('runs only after its permissions exist', () => {
      const policyIds = Object.entries(dataResources)
        .filter(
          ([, r]) =>
            r.Type === 'AWS::IAM::Policy' &&
            (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
        )
        .map(([id]) => id);
      expect(policyIds).toHaveLength(1);
      expect(resource.DependsOn).toEqual(expect.arrayContaining([roleId, policyIds[0]]));
    });

    it('the function: Node.js 24 on arm64, bundled entry, JSON logs to its own retained-per-stage log group', () => {
      const fn = dataResources[fnId];
      expect(fn.Properties).toEqual(
        expect.objectContaining({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
        }),
      );
      expect(fn.Properties.FunctionName).toBeUndefined();
      const logGroupRef = (fn.Properties.LoggingConfig as { LogFormat: string; LogGroup: { Ref: string } })
        .LogGroup.Ref;
      const logGroup = dataResources[logGroupRef];
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays).toBe(config.logRetentionDays);
      expect(logGroup.DeletionPolicy).toBe(config.removalPolicy === 'retain' ? 'Retain' : 'Delete');
      // The only function of the data stack.
      expect(Object.values(dataResources).filter((r) => r.Type === 'AWS::Lambda::Function')).toHaveLength(1);
    });

    it('may write its log group and UpdateItem on the parks table, nothing else', () => {
      const role = dataResources[roleId];
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.RoleName).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
        ],
      });
      const logGroupRef = (dataResources[fnId].Properties.LoggingConfig as { LogGroup: { Ref: string } })
        .LogGroup.Ref;
      const statements = statementsOfRole(dataTemplate, roleId);
      expect(statements).toEqual(
        expect.arrayContaining([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroupRef, 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: CATALOG_SEED_ACTIONS[0],
            Resource: { 'Fn::GetAtt': [parksTableId, 'Arn'] },
          },
        ]),
      );
      expect(statements).toHaveLength(2);
      expect(CATALOG_SEED_ACTIONS).toEqual(['dynamodb:UpdateItem']);
    });

    it('nobody else may invoke it: no resource policy opens it to a principal', () => {
      const permissions = Object.values(dataResources).filter((r) => r.Type === 'AWS::Lambda::Permission');
      expect(permissions).toEqual([]);
    });
  });
});
