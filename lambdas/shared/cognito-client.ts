import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { perConfiguration } from './per-configuration';

/** The auth function's Cognito client, apart from clients.ts so no other function loads its SDK. */
export const cognito = perConfiguration(
  ['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'],
  () => new CognitoIdentityProviderClient({}),
);
