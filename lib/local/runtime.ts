import { appendFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { adoptLegacyTotals } from '../../lambdas/clicks/legacy-totals';
import { seedParkCatalog } from '../../lambdas/parks/catalog-seed';
import { dynamoClient } from '../../lambdas/shared/clients';
import { clickAggregator, ENV } from '../../lambdas/contract/functions';
import type { TableKey } from '../../lambdas/contract/tables';
import {
  aggregatorEnvironment,
  clickStreamSettings,
  functionEnvironment,
  type ChatSettings,
  type ClickSettings,
  type FunctionContext,
} from '../functions';
import { DEFAULT_CLICK_BURST, DEFAULT_CLICK_RATE_PER_SECOND } from '../config';
import { ensureTables, ensureUserPool, streamArnOf } from './bootstrap';
import { COGNITO_ISSUER_DOMAIN, cognitoEndpoint, startCognitoLocal } from './cognito-local';
import { checkJava, localAwsClientConfig, startDynamoDbLocal } from './dynamodb-local';
import { createGateway } from './gateway';
import { attachUpgrades, createLiveEvents } from './live-events';
import { PUBLISH_PATH, REALTIME_PATH } from '../../lambdas/contract/live-events';
import { loadClickAggregator, loadHandlers, loadStreamingHandlers, type LocalFunctions } from './handlers';
import { StreamPoller } from './stream-poller';
import { lockDataDir } from './lock';
import { freePorts } from './processes';
import { supervise, type Supervised } from './supervisor';
import { messageOf } from '../../lambdas/shared/errors';

export interface LocalOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  /** The address to listen on; only this machine by default. */
  readonly host?: string;
  readonly dataDir?: string;
  /** The per-user click rate limit and the aggregator's batching window; the dev stage's by default. */
  readonly clicks?: ClickSettings;
  /** RangerAI's provider; local mode's default is the offline advisor. */
  readonly chat?: ChatSettings;
  /** Where progress lines go; the handlers' own logs always go to stdout, as in Lambda. */
  readonly log?: (line: string) => void;
}

export interface LocalRuntime {
  readonly url: string;
  /** The live totals' WebSocket (the AppSync Events protocol), on the same port. */
  readonly liveUrl: string;
  readonly dataDir: string;
  /** DynamoDB Local's address and the tables' names there, for tools and tests that read them. */
  readonly dynamoEndpoint: string;
  readonly tableNames: Readonly<Record<TableKey, string>>;
  /** The DynamoDB client every function shares: the bench watches the requests they send on it. */
  readonly dynamo: DynamoDBDocumentClient;
  /** What each function is built from, for tests that build one more the same way. */
  readonly functions: LocalFunctions;
  /** Each emulator's process id as last (re)started, by name: the bench measures their CPU. */
  emulatorPids(): ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

export const DEFAULT_PORT = 3000;
/** Local mode trusts a signing key anyone can download: it must not be reachable from the network. */
export const DEFAULT_HOST = '127.0.0.1';
const LOCAL_CLICK_SETTINGS: ClickSettings = {
  ratePerSecond: DEFAULT_CLICK_RATE_PER_SECOND,
  burst: DEFAULT_CLICK_BURST,
  aggregationWindowSeconds: 0,
};
export const DEFAULT_DATA_DIR = '.local';
/**
 * Connections waiting to be accepted. Node's default (511) overflows when hundreds of clients connect
 * at once while the handlers hold the CPU: the kernel then drops the handshake, and the client's
 * retransmissions back off for seconds to minutes, where API Gateway would simply take the requests.
 * The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;
/** What the functions sign with locally; the local Events API takes publishes signed with it. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const LOCAL_REGION = 'us-east-1';
const SITE_ROOT = resolve(__dirname, '..', '..', 'web', 'dist');

/**
 * Runs the whole product on this machine: DynamoDB Local and cognito-local as child processes, the
 * tables and user pool from the definitions the CDK app uses, and the Lambda handlers behind a
 * local HTTP API with the site, on one port.
 */
export async function startLocal(options: LocalOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  const emulators: Supervised[] = [];
  let stopPoller = async (): Promise<void> => undefined;
  const stopChildren = async (): Promise<void> => {
    await Promise.all(emulators.map((c) => c.stop()));
  };
  // The lock names the emulators' processes, so a later start can stop them if this process is killed.
  // Each is recorded as soon as it is spawned: killed while an emulator (re)starts, this process would
  // otherwise leave one the lock does not name. DynamoDB Local is spawned first, so it stays first.
  const emulatorPids = new Map<string, number>();
  const spawned =
    (name: string) =>
    (pid: number): void => {
      emulatorPids.set(name, pid);
      lock.recordChildren([...emulatorPids.values()]);
    };
  try {
    checkJava();
    log('Starting DynamoDB Local and cognito-local...');
    const [dynamoPort, cognitoPort] = await freePorts(2);
    // allSettled, not all: if one engine fails, the other must still be seen to the end and stopped.
    const started = await Promise.allSettled([
      supervise(
        'DynamoDB Local',
        () => startDynamoDbLocal(dataDir, dynamoPort, log, spawned('DynamoDB Local')),
        log,
      ),
      supervise(
        'cognito-local',
        () => startCognitoLocal(dataDir, cognitoPort, log, spawned('cognito-local')),
        log,
      ),
    ]);
    for (const result of started) if (result.status === 'fulfilled') emulators.push(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    const cognitoUrl = cognitoEndpoint(cognitoPort);

    const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;
    const dynamo = new DynamoDBClient(localAwsClientConfig(dynamoEndpoint));
    const cognitoClient = new CognitoIdentityProviderClient(localAwsClientConfig(cognitoUrl));
    const [tableNames, pool] = await Promise.all([ensureTables(dynamo), ensureUserPool(cognitoClient)]);
    // The same idempotent seeding the deploy runs: park fields refreshed, ratings kept.
    const parks = await seedParkCatalog(DynamoDBDocumentClient.from(dynamo), tableNames.parks);
    log(`Park catalog loaded (${parks} parks)`);
    const adopted = await adoptLegacyTotals(
      DynamoDBDocumentClient.from(dynamo),
      tableNames.clicks,
      tableNames.clickTotals,
    );
    if (adopted > 0) log(`Moved ${adopted} clicks of the old sharded totals into the click totals table`);
    cognitoClient.destroy();

    const context: FunctionContext = {
      stage: 'local',
      tableNames,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.clientId,
      clicks: options.clicks ?? LOCAL_CLICK_SETTINGS,
      chat: options.chat ?? { provider: 'local', modelId: 'offline-advisor' },
    };
    const clickStreamArn = await streamArnOf(dynamo, tableNames[clickAggregator.source]);
    const issuer = `${COGNITO_ISSUER_DOMAIN}/${pool.userPoolId}`;
    // Not a function's configuration but the Lambda runtime's, which Powertools reads from the
    // process itself: as in an on-demand container, it marks each function's first request `cold_start`.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';
    /** What every function gets besides its own variables: the emulators, and credentials they accept. */
    const localAws = {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoUrl,
      [ENV.authIssuer]: issuer,
      [ENV.authJwksUrl]: `${cognitoUrl}/${pool.userPoolId}/.well-known/jwks.json`,
    };
    const functions: LocalFunctions = {
      environmentOf: (area) => ({ ...localAws, ...functionEnvironment(area, context) }),
      dynamo: dynamoClient(localAws),
    };
    const handlers = await loadHandlers(functions);
    dynamo.destroy();
    const live = createLiveEvents({ publisher: LOCAL_CREDENTIALS, region: LOCAL_REGION });
    const server = createGateway({
      handlers,
      streaming: await loadStreamingHandlers(functions),
      siteRoot: SITE_ROOT,
      onError: (message, error) => log(`${message}: ${messageOf(error)}`),
      intercept: (request, response) => live.handle(request, response),
    });
    attachUpgrades(server, live);
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(
        { port: options.port ?? DEFAULT_PORT, host: options.host ?? DEFAULT_HOST, backlog: LISTEN_BACKLOG },
        () => resolveListen(),
      );
    });
    const address = server.address() as AddressInfo;
    const { port } = address;
    // Built once the port is known: the aggregator publishes the live totals to this server.
    const aggregatorConfiguration = {
      ...localAws,
      ...aggregatorEnvironment({ ...context, liveEventsUrl: `${reachableUrl(address)}${PUBLISH_PATH}` }),
    };
    const streams = new DynamoDBStreamsClient(localAwsClientConfig(dynamoEndpoint));
    const poller = new StreamPoller({
      client: streams,
      streamArn: clickStreamArn,
      settings: clickStreamSettings(context.clicks),
      handler: await loadClickAggregator(aggregatorConfiguration, functions.dynamo),
      positionsFile: join(dataDir, 'click-stream-positions.json'),
      onFailedBatch: (batch) => {
        // The on-failure destination: what an operator would find in the queue in AWS.
        appendFileSync(join(dataDir, 'click-stream-failures.jsonl'), `${JSON.stringify(batch)}\n`);
        log(
          `Click aggregator gave up on ${batch.batchSize} records of shard ${batch.shardId}: ${batch.reason}`,
        );
      },
      log,
    });
    poller.start();
    stopPoller = async () => {
      await poller.stop();
      streams.destroy();
      functions.dynamo.destroy();
    };
    let stopped: Promise<void> | undefined;
    return {
      url: `http://localhost:${port}`,
      liveUrl: `ws://localhost:${port}${REALTIME_PATH}`,
      dataDir,
      dynamoEndpoint,
      tableNames,
      dynamo: functions.dynamo,
      functions,
      emulatorPids: () => new Map(emulatorPids),
      stop: () =>
        (stopped ??= (async () => {
          // Ctrl-C in a terminal signals the emulators too (they share its process group), and they
          // may be gone before their turn below: an exit from now on is not a crash to restart.
          for (const emulator of emulators) emulator.standDown();
          // The aggregator first: a batch it is counting still publishes its totals to the live server.
          await stopPoller();
          live.close();
          server.closeAllConnections();
          await new Promise<void>((done) => server.close(() => done()));
          await stopChildren();
          lock.release();
        })()),
    };
  } catch (error) {
    await stopPoller();
    await stopChildren();
    lock.release();
    throw error;
  }
}

/** The gateway's address as this process can reach it (a wildcard address listens on loopback too). */
function reachableUrl({ address, family, port }: AddressInfo): string {
  if (address === '0.0.0.0' || address === '::') return `http://127.0.0.1:${port}`;
  return family === 'IPv6' ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}
