import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ensureDynamoDbLocal } from './dynamodb-local-install';
import { LocalModeError, startChild, waitUntilReady, type Child } from './processes';

const MIN_JAVA = 17;

/** DynamoDB Local needs Java 17+; say exactly what to install instead of failing obscurely. */
export function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new LocalModeError(
      `Local mode needs Java ${MIN_JAVA} or newer for DynamoDB Local, and no "java" was found on PATH.\n` +
        `Install a Java runtime, e.g. "sudo apt-get install openjdk-17-jre-headless" (Debian/Ubuntu) or "brew install openjdk@17" (macOS).`,
    );
  }
  const version = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr + probe.stdout);
  const major = version ? (version[1] === '1' ? Number(version[2]) : Number(version[1])) : 0;
  if (major < MIN_JAVA) {
    throw new LocalModeError(
      `Local mode needs Java ${MIN_JAVA} or newer for DynamoDB Local; found Java ${major || 'of unknown version'}.`,
    );
  }
}

/**
 * Starts the engine; the caller checks Java once, so a restart need not check again. `spawned` hears
 * the process id at once, before the engine is ready.
 */
export async function startDynamoDbLocal(
  dataDir: string,
  port: number,
  log: (line: string) => void,
  spawned?: (pid: number) => void,
): Promise<Child> {
  const home = ensureDynamoDbLocal(log);
  const dbPath = join(dataDir, 'dynamodb');
  mkdirSync(dbPath, { recursive: true });
  const child = startChild(
    'DynamoDB Local',
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-disableTelemetry',
      // Without -sharedDb it keeps one database per access key and region.
      '-sharedDb',
      '-dbPath',
      dbPath,
      '-port',
      String(port),
    ],
    { cwd: home },
    spawned,
  );
  const client = new DynamoDBClient(localAwsClientConfig(`http://127.0.0.1:${port}`));
  try {
    await waitUntilReady(child, () => client.send(new ListTablesCommand({ Limit: 1 })), { log });
  } catch (error) {
    await child.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return child;
}

/** DynamoDB Local and cognito-local accept any credentials, but the SDK insists on having some. */
export const localAwsClientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
