import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsClientSettings, type Environment } from './env';

/** The auth function's Cognito client, apart from clients.ts so no other function loads its SDK. */
export const cognitoClient = (env: Environment): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient(awsClientSettings(env, 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'));
