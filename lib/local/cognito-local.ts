import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { localAwsClientConfig } from './dynamodb-local';
import { LocalModeError, startChild, waitUntilReady, type Child } from './processes';
import { messageOf } from '../../lambdas/shared/errors';

/**
 * Tokens name this issuer whatever port the emulator got, so a token stays valid across a restart of
 * local mode (the verifier gets the JWKS URL directly and never resolves the issuer).
 */
export const COGNITO_ISSUER_DOMAIN = 'http://cognito-local';

export const cognitoEndpoint = (port: number): string => `http://127.0.0.1:${port}`;

/**
 * Starts cognito-local; `log` hears of a slow start, `spawned` hears its process id at once, before it is
 * ready.
 */
export async function startCognitoLocal(
  dataDir: string,
  port: number,
  log: (line: string) => void,
  spawned?: (pid: number) => void,
): Promise<Child> {
  // cognito-local keeps its data in ./.cognito of its working directory.
  const home = join(dataDir, 'cognito');
  checkStoreFiles(join(home, '.cognito', 'db'));
  const endpoint = cognitoEndpoint(port);
  mkdirSync(join(home, '.cognito'), { recursive: true });
  writeFileSync(
    join(home, '.cognito', 'config.json'),
    JSON.stringify(
      {
        // Its default makes e-mail the username; ours are plain names.
        UserPoolDefaults: { UsernameAttributes: [] },
        TokenConfig: { IssuerDomain: COGNITO_ISSUER_DOMAIN },
      },
      null,
      2,
    ),
  );
  const script = join(dirname(require.resolve('cognito-local/package.json')), 'lib', 'bin', 'start.js');
  const child = startChild(
    'cognito-local',
    process.execPath,
    [
      // Node takes the preload for an ES module from its syntax and, with no "type" in package.json,
      // would warn about that on every start.
      '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON',
      '--import',
      pathToFileURL(join(__dirname, 'cognito-ordered-saves.ts')).href,
      script,
    ],
    { cwd: home, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' } },
    spawned,
  );
  const client = new CognitoIdentityProviderClient(localAwsClientConfig(endpoint));
  try {
    await waitUntilReady(child, () => client.send(new ListUserPoolsCommand({ MaxResults: 1 })), {
      log,
    });
  } catch (error) {
    await child.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return child;
}

/**
 * A store file cognito-local cannot read stops it from starting with a message that names no file. Its
 * saves are whole since cognito-ordered-saves.ts, but a file written before, or edited by hand, may not be.
 */
function checkStoreFiles(directory: string): void {
  if (!existsSync(directory)) return;
  for (const name of readdirSync(directory).filter((file) => file.endsWith('.json'))) {
    const path = join(directory, name);
    try {
      // As cognito-local reads it: an empty file is an empty store.
      JSON.parse(readFileSync(path, 'utf8') || '{}');
    } catch (error) {
      throw new LocalModeError(
        `cognito-local cannot start: ${path} is not valid JSON (${messageOf(error)}).\n` +
          `It holds local mode's accounts. Move it aside (for example to ${name}.damaged) and start again: local ` +
          'mode then creates an empty user pool and everyone signs up anew; what DynamoDB Local holds stays.',
      );
    }
  }
}
