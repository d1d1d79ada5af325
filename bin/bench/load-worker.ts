import autocannon from 'autocannon';
import { isToWorker, type FromWorker, type LoadJob, type LoadResult } from './load-protocol';

/**
 * The load generator, in a child process of its own: in the bench's process it would share one event
 * loop with the servers it measures and halve what both can do.
 */
async function run(job: LoadJob): Promise<LoadResult> {
  let next = 0;
  const authorize = (request: autocannon.Request): autocannon.Request => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${job.tokens[next++ % job.tokens.length]}` },
  });
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    requests: [{ method: job.method, ...(job.tokens.length > 0 ? { setupRequest: authorize } : {}) }],
  });
  const statuses: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    if (!status.startsWith('2') && stat.count) statuses[status] = stat.count;
  }
  return {
    requests: result.requests.total,
    seconds: result.duration,
    // From the total, not autocannon's per-second average, which is coarse over a few seconds.
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    statuses,
  };
}

const send = (message: FromWorker): void => {
  process.send?.(message);
};

process.on('message', (message: unknown) => {
  if (!isToWorker(message)) return;
  run(message.job).then(
    (result) => send({ type: 'result', id: message.id, result }),
    (error: unknown) =>
      send({
        type: 'failed',
        id: message.id,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});

// The bench stops this process when it is done; a parent that died must not leave it running.
process.on('disconnect', () => process.exit(0));
