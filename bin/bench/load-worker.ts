import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { driveEngine } from './engine-bound';
import {
  isToWorker,
  type FromWorker,
  type HttpWorkload,
  type LoadJob,
  type LoadResult,
  type RequestTemplate,
} from './load-protocol';
import { messageOf } from '../../lambdas/shared/errors';

/**
 * The load generator, in a child process of its own: in the bench's process it would share one event
 * loop with the servers it measures and halve what both can do. The engine bound runs here too, so
 * that its SDK client has a process to itself as the handlers' client has during the HTTP runs.
 */

const SEQ = '{seq}';
/** Distinct per process, so `{seq}` values of two bench runs on one server (SOAK_URL) cannot meet. */
const RUN_PREFIX = randomBytes(4).toString('hex');
let seq = 0;

interface Prepared {
  readonly template: RequestTemplate;
  readonly headers: Record<string, string>;
  readonly dynamic: boolean;
}

function prepare(template: RequestTemplate): Prepared {
  const headers: Record<string, string> = { ...template.headers };
  if (template.token) headers.authorization = `Bearer ${template.token}`;
  if (template.body !== undefined) headers['content-type'] = 'application/json';
  const dynamic =
    template.path.includes(SEQ) ||
    (template.body?.includes(SEQ) ?? false) ||
    Object.values(headers).some((v) => v.includes(SEQ));
  return { template, headers, dynamic };
}

function materialize(prepared: Prepared): { path: string; body?: string; headers: Record<string, string> } {
  const { template, headers, dynamic } = prepared;
  if (!dynamic) return { path: template.path, body: template.body, headers };
  const n = `${RUN_PREFIX}-${++seq}`;
  const fill = (text: string): string => text.replaceAll(SEQ, n);
  return {
    path: fill(template.path),
    body: template.body === undefined ? undefined : fill(template.body),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, fill(v)])),
  };
}

function run(job: LoadJob): Promise<LoadResult> {
  const { workload } = job;
  return workload.kind === 'http'
    ? runHttp(workload, job.connections, job.seconds)
    : driveEngine(workload, job.connections, job.seconds);
}

async function runHttp(workload: HttpWorkload, connections: number, seconds: number): Promise<LoadResult> {
  if (workload.requests.length === 0) throw new Error('a load job needs at least one request');
  const prepared = workload.requests.map(prepare);
  let next = 0;
  // One function shared by every connection, so the rotation is over all requests sent, not per connection.
  const setupRequest = (request: autocannon.Request): autocannon.Request => {
    const chosen = prepared[next++ % prepared.length];
    const one = materialize(chosen);
    return {
      ...request,
      method: chosen.template.method,
      path: one.path,
      headers: { ...request.headers, ...one.headers },
      ...(one.body === undefined ? {} : { body: one.body }),
    };
  };
  const result = await autocannon({
    url: workload.origin,
    connections,
    duration: seconds,
    requests: [{ setupRequest }],
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
    okPerSecond: result['2xx'] / result.duration,
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
        message: messageOf(error),
      }),
  );
});

// The bench stops this process when it is done; a parent that died must not leave it running.
process.on('disconnect', () => process.exit(0));
