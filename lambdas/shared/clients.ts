import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { perConfiguration } from './per-configuration';

/**
 * SDK clients, built once per container on first use. Endpoints come from the SDK's standard
 * AWS_ENDPOINT_URL_<SERVICE> variables, which local mode points at its emulators.
 */
// Pure, so a bundle that never calls one of these leaves that SDK out.
export const dynamo = /* @__PURE__ */ perConfiguration(['AWS_ENDPOINT_URL_DYNAMODB'], () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
);

export const cognito = /* @__PURE__ */ perConfiguration(
  ['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'],
  () => new CognitoIdentityProviderClient({}),
);
