import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { ParkCatalogSeed } from '../constructs/park-catalog-seed';
import { removalPolicyOf } from '../constructs/stage-defaults';
import { userPoolDefinition } from '../../lambdas/contract/identity';
import { type TableDefinition, type TableKey, tableKeys, tables } from '../../lambdas/contract/tables';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/** Construct ids of the tables: `clicks` → `ClicksTable`. */
const tableId = (key: TableKey): string => `${key.charAt(0).toUpperCase()}${key.slice(1)}Table`;

/**
 * Everything stateful: the tables and the user pool. Kept apart from the API so the API stack can be
 * destroyed and redeployed freely while the data (retained in production) stays.
 */
export class DataStack extends Stack {
  readonly tables: Record<TableKey, ITable>;
  readonly parkCatalog: ParkCatalogSeed;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const removalPolicy = removalPolicyOf(props.config);
    // Retained data is also protected against deletion by hand or by a replacing change.
    const retain = props.config.removalPolicy === 'retain';

    // Built from lambdas/contract/tables.ts so a new table needs no change here; no physical names, so two stages
    // can share an account.
    this.tables = {} as Record<TableKey, ITable>;
    for (const key of tableKeys) {
      const definition: TableDefinition = tables[key];
      const table = new Table(this, tableId(key), {
        partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
        sortKey: { name: definition.sortKey, type: AttributeType.STRING },
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.AWS_MANAGED,
        timeToLiveAttribute: definition.timeToLiveAttribute,
        stream: definition.stream ? StreamViewType[definition.stream] : undefined,
        removalPolicy,
        deletionProtection: retain,
      });
      for (const [indexName, index] of Object.entries(definition.indexes ?? {})) {
        table.addGlobalSecondaryIndex({
          indexName,
          partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
          sortKey: { name: index.sortKey, type: AttributeType.STRING },
        });
      }
      this.tables[key] = table;
    }
    // The park catalog is reference data of the parks table: loaded at every deploy that changes it,
    // with the same idempotent seeding local mode runs at start (ratings already given are kept).
    this.parkCatalog = new ParkCatalogSeed(this, 'ParkCatalog', {
      config: props.config,
      table: this.tables.parks,
    });

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by the auth function (AdminCreateUser), which enforces the username rules.
      selfSignUpEnabled: false,
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: userPoolDefinition.passwordMinLength,
        requireLowercase: false,
        requireUppercase: false,
        requireDigits: false,
        requireSymbols: false,
      },
      standardAttributes: {
        preferredUsername: { required: false, mutable: true },
      },
      // Users have no e-mail or phone on file, so there is nothing to recover through.
      accountRecovery: AccountRecovery.NONE,
      mfa: Mfa.OFF,
      // LITE covers password sign-in and the admin APIs we use.
      featurePlan: FeaturePlan.LITE,
      removalPolicy,
      deletionProtection: retain,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG1',
        reason:
          'The product spec sets the password rule: 8-128 characters, no character-class requirements (length is what resists guessing); the API enforces the upper bound.',
      },
      {
        id: 'AwsSolutions-COG2',
        reason: 'The product spec has username/password sign-in only; MFA is not part of this product yet.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The PLUS plan (threat protection) costs per active user; login abuse is limited by API Gateway throttling and the API rate limit (429) instead.',
      },
    );

    this.userPoolClient = this.userPool.addClient('WebClient', {
      // Sign-in goes through our API only (POST /api/login: its failed-sign-in guard, throttles and the
      // WAF), which calls AdminInitiateAuth with the auth function's IAM role. USER_PASSWORD_AUTH would
      // let anyone with the public client id guess passwords against Cognito directly.
      authFlows: { adminUserPassword: true },
      generateSecret: false,
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(userPoolDefinition.accessTokenValidityMinutes),
      idTokenValidity: Duration.minutes(userPoolDefinition.idTokenValidityMinutes),
      refreshTokenValidity: Duration.days(userPoolDefinition.refreshTokenValidityDays),
      // The client is public (no secret): without this a user could rewrite their own display name
      // through Cognito directly and bypass the API's rules.
      writeAttributes: new ClientAttributes(),
    });
  }
}
