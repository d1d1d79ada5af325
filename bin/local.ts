import { DEFAULT_DATA_DIR, DEFAULT_PORT, startLocal } from '../lib/local/runtime';
import { LocalModeError } from '../lib/local/processes';

async function main(): Promise<void> {
  const port = process.env.PORT === undefined ? DEFAULT_PORT : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new LocalModeError(`PORT must be a port number, not "${process.env.PORT}"`);
  const local = await startLocal({
    port,
    dataDir: process.env.LOCAL_DATA_DIR ?? DEFAULT_DATA_DIR,
    clickShards: process.env.CLICK_SHARDS ? Number(process.env.CLICK_SHARDS) : undefined,
    log: (line) => console.error(line),
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.error('\nStopping local mode...');
    local.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.error(`Data in ${local.dataDir}`);
  console.log(`Cloud Clicker is running at ${local.url}  (Ctrl-C stops it)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalModeError ? `\n${error.message}\n` : error);
  process.exit(1);
});
