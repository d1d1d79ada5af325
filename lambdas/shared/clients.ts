import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientSettings, type Environment } from './env';

/**
 * A function's DynamoDB client, built once per container by its handler factory. The endpoint comes
 * from AWS_ENDPOINT_URL_DYNAMODB of the configuration given, which local mode points at its emulator.
 *
 * One SDK per module: the bundles leave the SDK to the runtime, and esbuild keeps the require() of
 * every external package a bundled module imports, used or not, so a client sharing a module with
 * this one would load its SDK in every function (the Cognito client is in cognito-client.ts).
 */
export const dynamoClient = (env: Environment): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient(awsClientSettings(env, 'AWS_ENDPOINT_URL_DYNAMODB')), {
    marshallOptions: { removeUndefinedValues: true },
  });
