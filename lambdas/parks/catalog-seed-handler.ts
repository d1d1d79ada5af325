import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { dynamoClient } from '../shared/clients';
import { deployedHandler } from '../shared/env';
import { loggerFor } from '../shared/logger';
import { withRetries } from '../shared/retry';
import { seedParkCatalog } from './catalog-seed';

/**
 * The deploy-time half of catalog loading: a CloudFormation custom resource (`Custom::ParkCatalog`)
 * whose Create and Update run the same idempotent seeding as local start. It answers CloudFormation
 * itself (the cfn-response protocol: a PUT of the outcome to the pre-signed ResponseURL), so the stack
 * needs no extra provider framework function. It always answers, also on failure and before the
 * function would time out, so a deploy never hangs waiting for it.
 */
const PHYSICAL_ID = 'park-catalog';
const SAFETY_MARGIN_MS = 5000;
/** S3, not a table: a few tries with pauses of up to a second or two, well inside the function's time. */
const ANSWER_RETRY = { attempts: 3, baseDelayMs: 500, maxExponent: 2 };
const logger = loggerFor('parks-catalog-seed');

interface SeedProperties {
  readonly TableName?: unknown;
  readonly CatalogHash?: unknown;
}

export interface CatalogSeedDependencies {
  readonly db: DynamoDBDocumentClient;
}

async function seed(
  event: CloudFormationCustomResourceEvent,
  context: Context,
  { db }: CatalogSeedDependencies,
): Promise<void> {
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason: string;
  let data: Record<string, string> | undefined;
  try {
    if (event.RequestType === 'Delete') {
      // The catalog stays with the table (and with the reviews that refer to it).
      reason = 'Nothing to do on delete';
    } else {
      const table = (event.ResourceProperties as SeedProperties).TableName;
      if (typeof table !== 'string' || table === '') throw new Error('The TableName property is missing');
      const parks = await withDeadline(
        seedParkCatalog(db, table),
        context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS,
      );
      data = { Parks: String(parks) };
      reason = `Loaded ${parks} parks`;
      logger.info('Park catalog loaded', { parks, requestType: event.RequestType });
    }
  } catch (error) {
    status = 'FAILED';
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    reason = `Loading the park catalog failed (${message}); see the function's log`;
    logger.error('Park catalog loading failed', { error: message, requestType: event.RequestType });
  }
  await respond(event, {
    Status: status,
    Reason: reason.slice(0, 1000),
    // One resource, one id: an Update never replaces it (and never sends a Delete for the old one).
    PhysicalResourceId: event.RequestType === 'Create' ? PHYSICAL_ID : event.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    ...(data ? { Data: data } : {}),
  });
}

/** The seeding as a middy chain; its log lines carry the invocation's request id and cold start. */
export const createCatalogSeedHandler = (dependencies: CatalogSeedDependencies) =>
  middy<CloudFormationCustomResourceEvent, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => seed(event, context, dependencies));

export const handler = deployedHandler(() => createCatalogSeedHandler({ db: dynamoClient(process.env) }));

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), Math.max(ms, 1000));
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** PUT of the response document to the pre-signed S3 URL CloudFormation gave; retried a few times. */
async function respond(event: CloudFormationCustomResourceEvent, document: Record<string, unknown>) {
  const body = JSON.stringify(document);
  await withRetries(
    async (attempt) => {
      try {
        await put(event.ResponseURL, body);
      } catch (error) {
        logger.warn('Answering CloudFormation failed', { attempt: attempt + 1, error: String(error) });
        throw error;
      }
    },
    () => true,
    ANSWER_RETRY,
  );
}

function put(url: string, body: string): Promise<void> {
  // CloudFormation's URL is https; plain http is for tests with a local stub.
  const request = url.startsWith('http://') ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'PUT',
        // The URL is signed for an empty content type.
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          (response.statusCode ?? 500) < 300
            ? resolve()
            : reject(new Error(`ResponseURL answered ${response.statusCode}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('ResponseURL timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
