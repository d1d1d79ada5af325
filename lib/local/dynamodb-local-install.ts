import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * DynamoDB Local (AWS's own engine) reaches us only through the npm registry, inside the
 * amplify-dynamodb-simulator package. Installing that package would also pull ~300 MB of Amplify
 * CLI dependencies, so we fetch its pinned tarball, check its integrity and keep only `emulator/`.
 */
const PACKAGE = 'amplify-dynamodb-simulator';
const VERSION = '2.9.30';
const INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

export const dynamoDbLocalDir = resolve(__dirname, '..', '..', '.cache', `dynamodb-local-${VERSION}`);
export const dynamoDbLocalJar = join(dynamoDbLocalDir, 'DynamoDBLocal.jar');

export function ensureDynamoDbLocal(log: (line: string) => void = () => undefined): string {
  if (existsSync(dynamoDbLocalJar)) return dynamoDbLocalDir;
  log(`Fetching DynamoDB Local from the npm registry (${PACKAGE}@${VERSION})...`);
  const work = mkdtempSync(join(tmpdir(), 'ddb-local-'));
  try {
    const packed = execFileSync(
      'npm',
      ['pack', `${PACKAGE}@${VERSION}`, '--pack-destination', work, '--json'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
    const tarball = join(work, filename);
    const digest = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (digest !== INTEGRITY) {
      throw new Error(
        `${PACKAGE}@${VERSION} failed its integrity check (expected ${INTEGRITY}, got ${digest})`,
      );
    }
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    mkdirSync(resolve(dynamoDbLocalDir, '..'), { recursive: true });
    rmSync(dynamoDbLocalDir, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), dynamoDbLocalDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`DynamoDB Local is in ${dynamoDbLocalDir}`);
  return dynamoDbLocalDir;
}
