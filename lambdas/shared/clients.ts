import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { perConfiguration } from './per-configuration';

/**
 * SDK clients, built once per container on first use. Endpoints come from the SDK's standard
 * AWS_ENDPOINT_URL_<SERVICE> variables, which local mode points at its emulators.
 */
export const dynamo = perConfiguration(['AWS_ENDPOINT_URL_DYNAMODB'], () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
);

export const cognito = perConfiguration(
  ['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'],
  () => new CognitoIdentityProviderClient({}),
);
