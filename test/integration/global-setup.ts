import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalProcess, type LocalProcess } from '../support/local-process';

declare global {
  var localMode: LocalProcess | undefined;
}

/** One local mode, on a fresh data directory, for every integration test file. */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloud-clicker-it-'));
  const logFile = join(dataDir, 'local-mode.log');
  globalThis.localMode = await startLocalProcess({ dataDir, logFile });
  process.env.API_URL = globalThis.localMode.url;
  process.env.LOCAL_MODE_LOG = logFile;
}
