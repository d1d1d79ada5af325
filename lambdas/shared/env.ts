/**
 * A function's configuration: in Lambda its environment, built once per container from `process.env`;
 * in local mode and tests, the object each function is given, so nothing reads or mutates the process's.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads a variable the function cannot work without; a missing one is a deployment bug. */
export function requiredEnv(env: Environment, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

/** What an AWS SDK client is built with; every field left undefined falls back to the SDK's default. */
export interface AwsClientSettings {
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly maxAttempts?: number;
}

/**
 * An SDK client's settings from the SDK's standard variables, read from the configuration given: in
 * Lambda they are the runtime's, locally the emulators' (`endpointVariable`, e.g.
 * AWS_ENDPOINT_URL_DYNAMODB, points a client at one).
 */
export function awsClientSettings(env: Environment, endpointVariable: string): AwsClientSettings {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return {
    region: env.AWS_REGION,
    endpoint: env[endpointVariable],
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN }
        : undefined,
    maxAttempts: env.AWS_MAX_ATTEMPTS ? Number(env.AWS_MAX_ATTEMPTS) : undefined,
  };
}

/**
 * The entry Lambda calls, built once per container from its environment: inside Lambda at module load
 * (the init phase, as a container starts); elsewhere — local mode and tests import a handler module
 * for its factory — only if the entry itself is ever called.
 */
export function deployedHandler<A extends unknown[], R>(build: () => (...args: A) => R): (...args: A) => R {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) return build();
  let built: ((...args: A) => R) | undefined;
  return (...args) => (built ??= build())(...args);
}
