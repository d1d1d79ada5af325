// First: the handlers local mode loads import middy, which needs this resolution under tsx.
import '../lib/local/esm-only-packages';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, startLocal } from '../lib/local/runtime';
import { LocalModeError } from '../lib/local/processes';
import { DEFAULT_CLICK_BURST, DEFAULT_CLICK_RATE_PER_SECOND } from '../lib/config';
import type { ClickSettings } from '../lib/functions';

/** The click rate limit can be raised for load tests; the stage defaults apply otherwise. */
function clickSettingsFromEnv(): ClickSettings | undefined {
  const { CLICK_RATE_PER_SECOND: rate, CLICK_BURST: burst } = process.env;
  if (rate === undefined && burst === undefined) return undefined;
  const settings = {
    ratePerSecond: Number(rate ?? DEFAULT_CLICK_RATE_PER_SECOND),
    burst: Number(burst ?? DEFAULT_CLICK_BURST),
    aggregationWindowSeconds: 0,
  };
  if (
    !Number.isInteger(settings.ratePerSecond) ||
    !Number.isInteger(settings.burst) ||
    settings.ratePerSecond < 1 ||
    settings.burst < settings.ratePerSecond
  )
    throw new LocalModeError(
      'CLICK_RATE_PER_SECOND and CLICK_BURST must be whole numbers, with the burst at least the rate',
    );
  return settings;
}

async function main(): Promise<void> {
  const port = process.env.PORT === undefined ? DEFAULT_PORT : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new LocalModeError(`PORT must be a port number, not "${process.env.PORT}"`);
  const local = await startLocal({
    port,
    host: process.env.HOST || undefined,
    dataDir: process.env.LOCAL_DATA_DIR ?? DEFAULT_DATA_DIR,
    clicks: clickSettingsFromEnv(),
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
  // A closed terminal: stop as for Ctrl-C, instead of dying with the data directory still locked.
  process.on('SIGHUP', stop);
  console.error(`Data in ${local.dataDir}`);
  console.log(`Cloud Clicker is running at ${local.url}  (Ctrl-C stops it)`);
  console.log(`Live totals (AppSync Events protocol) on ${local.liveUrl}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalModeError ? `\n${error.message}\n` : error);
  process.exit(1);
});
