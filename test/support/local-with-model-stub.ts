import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatSettings } from '../../lib/functions';
import { startLocal, type LocalRuntime } from '../../lib/local/runtime';
import { startBedrockStub, type Stub } from './llm-stubs';

export interface LocalWithModelStub {
  readonly local: LocalRuntime;
  /** The Converse/ConverseStream stub the real Bedrock SDK of local mode's chat talks to. */
  readonly stub: Stub;
  stop(): Promise<void>;
}

/**
 * Local mode on a fresh data directory, RangerAI on the bedrock provider with its real SDK pointed at
 * a local stub, and quiet logs: what the chat suites that need a model they control start with.
 */
export async function startLocalWithModelStub(
  name: string,
  chat: Partial<Omit<ChatSettings, 'provider' | 'modelId'>>,
): Promise<LocalWithModelStub> {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const stub = await startBedrockStub();
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = stub.url;
  const dataDir = mkdtempSync(join(tmpdir(), `cc-${name}-`));
  let local: LocalRuntime;
  try {
    local = await startLocal({
      port: 0,
      dataDir,
      chat: { provider: 'bedrock', modelId: 'amazon.nova-lite-v1:0', ...chat },
    });
  } catch (error) {
    // The stub's open server would keep Jest from exiting after the failure is reported.
    await stub.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    local,
    stub,
    stop: async () => {
      await local.stop();
      await stub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
