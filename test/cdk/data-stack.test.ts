import { Match } from 'aws-cdk-lib/assertions';
import { userPoolDefinition } from '../../lambdas/contract/identity';
import { type TableDefinition, tableKeys, tables } from '../../lambdas/contract/tables';
import { logicalId, STAGES, synthStages } from './fixtures';

const built = synthStages();

describe.each(STAGES)('data stack (%s)', (stage) => {
  const { data, dataTemplate: template, config } = built[stage];

  it('has exactly one table per entry of lambdas/contract/tables.ts', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', tableKeys.length);
  });

  it.each(tableKeys)('table %s: keys, on-demand, PITR, TTL and encryption as defined', (key) => {
    const definition: TableDefinition = tables[key];
    const id = logicalId(data, data.tables[key]);
    const resource = template.toJSON().Resources[id] as { Properties: Record<string, unknown> };
    expect(resource.Properties).toEqual(
      expect.objectContaining({
        KeySchema: [
          { AttributeName: definition.partitionKey, KeyType: 'HASH' },
          { AttributeName: definition.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: expect.arrayContaining([
          { AttributeName: definition.partitionKey, AttributeType: 'S' },
          { AttributeName: definition.sortKey, AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSEEnabled without a key: the AWS-managed aws/dynamodb KMS key.
        SSESpecification: { SSEEnabled: true },
      }),
    );
    expect(resource.Properties.TimeToLiveSpecification).toEqual(
      definition.timeToLiveAttribute === undefined
        ? undefined
        : { AttributeName: definition.timeToLiveAttribute, Enabled: true },
    );
    // A fixed name would stop two stages sharing an account and block replacements.
    expect(resource.Properties.TableName).toBeUndefined();
  });

  it('user pool: admin-created users, case-insensitive names, length-only passwords, no recovery', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: false },
      Policies: {
        PasswordPolicy: {
          MinimumLength: userPoolDefinition.passwordMinLength,
          RequireLowercase: false,
          RequireUppercase: false,
          RequireNumbers: false,
          RequireSymbols: false,
        },
      },
      Schema: [{ Name: userPoolDefinition.displayNameAttribute, Mutable: true, Required: false }],
      // Cognito's spelling of "no self-service recovery".
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
      MfaConfiguration: 'OFF',
      UserPoolName: Match.absent(),
    });
  });

  it('one app client: password sign-in and refresh, no secret, no OAuth, token lifetimes from lambdas/contract/identity.ts', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { Ref: logicalId(data, data.userPool) },
      // Only the admin flow the auth function uses: no password sign-in straight against Cognito.
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: userPoolDefinition.accessTokenValidityMinutes,
      IdTokenValidity: userPoolDefinition.idTokenValidityMinutes,
      RefreshTokenValidity: userPoolDefinition.refreshTokenValidityDays * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      WriteAttributes: [],
    });
  });

  it(`${config.removalPolicy === 'retain' ? 'keeps' : 'deletes'} tables and the user pool with the stack`, () => {
    const retain = config.removalPolicy === 'retain';
    const policy = retain ? 'Retain' : 'Delete';
    for (const key of tableKeys) {
      const resource = template.toJSON().Resources[logicalId(data, data.tables[key])] as {
        DeletionPolicy?: string;
        UpdateReplacePolicy?: string;
        Properties: { DeletionProtectionEnabled?: boolean };
      };
      expect(resource.DeletionPolicy).toBe(policy);
      expect(resource.UpdateReplacePolicy).toBe(policy);
      expect(resource.Properties.DeletionProtectionEnabled).toBe(retain);
    }
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: policy,
      Properties: Match.objectLike({ DeletionProtection: retain ? 'ACTIVE' : 'INACTIVE' }),
    });
  });
});

it('prod retains its data and dev does not (as configured in cdk.json)', () => {
  expect(built.prod.config.removalPolicy).toBe('retain');
  expect(built.dev.config.removalPolicy).toBe('destroy');
});
