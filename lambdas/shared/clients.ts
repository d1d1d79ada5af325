import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { perConfiguration } from './per-configuration';

/**
 * SDK clients, built once per container on first use. Endpoints come from the SDK's standard
 * AWS_ENDPOINT_URL_<SERVICE> variables, which local mode points at its emulators.
 *
 * One SDK per module: the bundles leave the SDK to the runtime, and esbuild keeps the require() of
 * every external package a bundled module imports, used or not, so a client sharing a module with
 * this one would load its SDK in every function (the Cognito client is in cognito-client.ts).
 */
export const dynamo = perConfiguration(['AWS_ENDPOINT_URL_DYNAMODB'], () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
);
