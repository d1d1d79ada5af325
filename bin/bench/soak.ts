import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient } from '../../test/support/api';
import { startLocalProcess, stopLocalProcess } from '../../test/support/local-process';
import type { Cleanup } from './cleanup';
import { parkIds, quizQuestions, signUp } from './fixtures';
import { fixed, heading, integer, percentile, print, table } from './output';
import { actUntilDeadline, Findings, type SoakUser, type SoakWorld } from './soak-actor';
import {
  clickChecks,
  clickSnapshot,
  findingChecks,
  locationChecks,
  parkSnapshot,
  postChecks,
  reviewChecks,
  type Check,
  type ParkSnapshot,
} from './soak-checks';
import { REQUEST_TIMEOUT_MS, SoakClient } from './soak-client';

/**
 * The soak: many users at once, each a loop of mixed requests (clicks with Idempotency-Keys, some
 * retried; review creates, changes and deletes on a few parks; posts; saved locations; quiz results;
 * reads of every kind) until the time is up. Then it prints what was sent and answered, waits for
 * the click stream to be aggregated, and checks the click and review invariants (and posts and
 * locations) against what the answers said. Exits non-zero when any check fails.
 *
 *   SOAK_SECONDS  how long the users run (default 300)
 *   SOAK_USERS    how many users run at once (default 40)
 *   SOAK_PARKS    how many parks they review and post on (default 3)
 *   SOAK_URL      an already running local mode to soak (localhost only); by default a fresh local
 *                 mode (bin/local.ts) in its own process, on a temporary data dir
 */

const PROGRESS_EVERY_MS = 15_000;
/** After the deadline, each user finishes the request it is in; bounded by the request timeout. */
const STOP_GRACE_MS = 4 * REQUEST_TIMEOUT_MS;

function envNumber(name: string, fallback: number, integerOnly = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integerOnly && !Number.isInteger(value)))
    throw new Error(`${name} must be a positive ${integerOnly ? 'whole ' : ''}number, not "${raw}"`);
  return value;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

interface Server {
  readonly url: string;
  readonly description: string;
  /** Keeps the data dir and log for a look after a failed soak. */
  keep(): string | undefined;
}

async function soakServer(cleanup: Cleanup, progress: (line: string) => void): Promise<Server> {
  const given = process.env.SOAK_URL;
  if (given) {
    const url = new URL(given);
    if (url.protocol !== 'http:' || !LOCAL_HOSTS.has(url.hostname))
      throw new Error(`SOAK_URL must be an http://localhost (or 127.0.0.1) address, not "${given}"`);
    return {
      url: url.origin,
      description: `the local mode at ${url.origin} (SOAK_URL)`,
      keep: () => undefined,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cloud-clicker-soak-'));
  let keep = false;
  cleanup.add('remove soak dir', () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  });
  const logFile = join(dir, 'local.log');
  progress('  starting local mode (bin/local.ts) in its own process...');
  const starting = startLocalProcess({ dataDir: join(dir, 'data'), logFile });
  cleanup.add('stop local mode', async () => {
    const local = await starting.catch(() => undefined);
    if (local) await stopLocalProcess(local, 'SIGINT');
  });
  const local = await starting;
  const url = local.url.replace('localhost', '127.0.0.1');
  return {
    url,
    description: `a fresh local mode at ${url} (its own process; data and log in ${dir})`,
    keep: () => {
      keep = true;
      return dir;
    },
  };
}

export async function runSoak(cleanup: Cleanup, progress: (line: string) => void): Promise<number> {
  const seconds = envNumber('SOAK_SECONDS', 300);
  const userCount = envNumber('SOAK_USERS', 40, true);
  const parkCount = envNumber('SOAK_PARKS', 3, true);
  const began = Date.now();
  print(
    `Cloud Clicker soak — node ${process.version}, ${cpus().length} CPU(s) (load average ` +
      `${fixed(loadavg()[0], 1)} at start), ${userCount} users for ${seconds} s`,
  );
  heading('1. Set-up');
  const server = await soakServer(cleanup, progress);
  print(`Against ${server.description}.`);
  const api = apiClient(server.url);
  const signingUp = Date.now();
  const accounts = await signUp(api, 'soak', userCount);
  print(`Signed up ${userCount} users in ${integer(Date.now() - signingUp)} ms.`);
  const allParks = await parkIds(api);
  const parks = allParks.slice(0, parkCount);
  const questions = await quizQuestions(api);

  const client = new SoakClient(server.url);
  client.counting = false;
  const clicksBefore = await clickSnapshot(client);
  const parksBefore = new Map<string, ParkSnapshot>();
  for (const park of parks) parksBefore.set(park, await parkSnapshot(client, park));
  print(
    `Before: ${integer(clicksBefore.total)} clicks; reviews of ${parks
      .map((p) => `${p} ${parksBefore.get(p)?.reviews.length ?? 0}`)
      .join(', ')}.`,
  );
  print('Each user sends one request at a time, with no pause: ~30% clicks (each with its own');
  print('Idempotency-Key; 10% sent twice; 5xx, 429 and lost answers retried with the same key), ~15% review');
  print(
    `create/change/delete on ${parks.join(', ')}, ~6% posts, ~8% saved locations (kept under 8 per user),`,
  );
  print('~2% quiz results, ~39% reads of every kind. Nothing else may write to the server meanwhile.');

  const users: SoakUser[] = accounts.map((a, index) => ({
    index,
    username: a.username,
    token: a.token,
    clicks: 0,
    clicksUnresolved: 0,
    keys: 0,
    reviews: new Map(),
    locations: new Set(),
  }));
  const soakStart = new Date();
  const world: SoakWorld = {
    client,
    parks,
    allParks,
    questions,
    posts: new Map(parks.map((p) => [p, new Set<string>()])),
    postsUnresolved: new Map(),
    findings: new Findings(),
    deadline: soakStart.getTime() + seconds * 1000,
    replays: 0,
  };

  heading('2. Load');
  client.counting = true;
  const ticker = setInterval(() => {
    const { requests, failed } = client.totals();
    const elapsed = (Date.now() - soakStart.getTime()) / 1000;
    progress(
      `  ${fixed(elapsed, 0)} s: ${integer(requests)} requests (${integer(requests / elapsed)}/s), ` +
        `${integer(failed)} not 2xx, ${integer(users.reduce((n, u) => n + u.clicks, 0))} clicks acknowledged`,
    );
  }, PROGRESS_EVERY_MS);
  const actors = Promise.all(users.map((user) => actUntilDeadline(user, world)));
  let timer: NodeJS.Timeout | undefined;
  const stoppedInTime = await Promise.race([
    actors.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), world.deadline - Date.now() + STOP_GRACE_MS);
    }),
  ]);
  clearTimeout(timer);
  clearInterval(ticker);
  const stoppedAt = Date.now();
  client.counting = false;
  const ran = (Date.now() - soakStart.getTime()) / 1000;
  printTraffic(client, ran);

  heading('3. Invariants');
  const checks: Check[] = [
    {
      name: 'the users stopped by themselves',
      pass: stoppedInTime,
      detail: stoppedInTime
        ? `${fixed(ran, 1)} s for a ${seconds} s soak`
        : `still running ${STOP_GRACE_MS / 1000} s after the deadline`,
    },
  ];
  if (stoppedInTime) {
    const failures = client.failuresByStatus();
    const serverErrors = [...failures].filter(([s]) => s === 'error' || (Number(s) >= 500 && s !== '503'));
    checks.push({
      name: 'no 5xx other than 503, no request left unanswered',
      pass: serverErrors.length === 0,
      detail:
        serverErrors.length === 0
          ? `${failures.get('503') ?? 0} × 503`
          : serverErrors.map(([s, n]) => `${n} × ${s}`).join(', '),
    });
    checks.push(...findingChecks(world));
    checks.push(...(await clickChecks(client, users, clicksBefore, soakStart, stoppedAt)));
    checks.push(...(await reviewChecks(client, world, users, parksBefore)));
    checks.push(...(await postChecks(client, world, parksBefore)));
    checks.push(...(await locationChecks(client, users)));
  }
  for (const c of checks)
    print(`${c.pass === 'skip' ? 'SKIP' : c.pass ? 'PASS' : 'FAIL'}  ${c.name} — ${c.detail}`);
  const failed = checks.filter((c) => c.pass === false);
  print();
  const unresolved = users.reduce((n, u) => n + u.clicksUnresolved, 0);
  if (unresolved > 0)
    print(`${unresolved} clicks were never acknowledged, after every retry with their key.`);
  const kept = failed.length > 0 ? server.keep() : undefined;
  if (kept) print(`Kept the soak's data dir and local mode log for a look: ${kept}`);
  print(
    `Soak ${failed.length === 0 ? 'PASSED' : `FAILED (${failed.length} of ${checks.length} checks)`} in ` +
      `${fixed((Date.now() - began) / 1000, 0)} s: ${integer(client.totals().requests)} requests from ${userCount} users`,
  );
  return failed.length === 0 ? 0 : 1;
}

const latency = (ms: number): string => (Number.isFinite(ms) ? (ms < 1 ? '<1' : integer(ms)) : '-');

function printTraffic(client: SoakClient, seconds: number): void {
  const rows = [...client.stats].sort(([a], [b]) => a.localeCompare(b));
  table(
    [
      { title: 'endpoint' },
      { title: 'requests' },
      { title: 'req/s' },
      { title: '2xx' },
      { title: 'other answers', align: 'left' },
      { title: 'p50 ms' },
      { title: 'p99 ms' },
    ],
    rows.map(([endpoint, s]) => {
      const ok = Object.entries(s.statuses)
        .filter(([status]) => status.startsWith('2'))
        .reduce((n, [, count]) => n + count, 0);
      const other = Object.entries(s.statuses)
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, n]) => `${n}× ${status === 'error' ? 'no answer' : status}`)
        .join(', ');
      return [
        endpoint,
        integer(s.requests),
        fixed(s.requests / seconds, 1),
        integer(ok),
        other || '-',
        latency(percentile(s.ms, 0.5)),
        latency(percentile(s.ms, 0.99)),
      ];
    }),
  );
  const { requests, failed } = client.totals();
  const byStatus = [...client.failuresByStatus()]
    .map(([status, n]) => `${integer(n)} × ${status === 'error' ? 'no answer' : status}`)
    .join(', ');
  print();
  print(
    `${integer(requests)} requests in ${fixed(seconds, 1)} s (${integer(requests / seconds)}/s); not 2xx: ` +
      (failed === 0 ? 'none' : byStatus),
  );
  const reviewReads = client.stats.get('GET /api/parks/{parkId}/reviews/me')?.statuses['404'] ?? 0;
  if (reviewReads > 0)
    print(
      `  (the ${integer(reviewReads)} × 404 of GET …/reviews/me are reads of a review the user has not written)`,
    );
}
