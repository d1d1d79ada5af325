import { stopLocalProcess } from '../support/local-process';

export default async function globalTeardown(): Promise<void> {
  if (globalThis.localMode) await stopLocalProcess(globalThis.localMode);
}
