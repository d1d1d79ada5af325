import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient } from '../support/api';
import { REMEMBERED_KEYS } from '../../lambdas/contract/idempotency';
import { drained } from '../support/clicks';
import { LOCAL_MODE_START_MS, startLocalProcess, stopLocalProcess } from '../support/local-process';

// The test's own work, and two starts of local mode.
jest.setTimeout(120_000 + 2 * LOCAL_MODE_START_MS);

interface Totals {
  total_clicks: number;
  user_clicks: number;
}

const USERS = 16;
/** Every attempt's key stays among the user's remembered keys (REMEMBERED_KEYS), so every retry is exact. */
const ATTEMPTS_PER_USER = REMEMBERED_KEYS - 2;
const PACE_MS = 150;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILL local mode in the middle of a click load (no shutdown of any kind), start it again on the
 * same data, and show that every acknowledged click is there, that retrying the unacknowledged ones
 * with their Idempotency-Key counts each exactly once, and that once the stream is drained the total
 * and the minutes agree with the users' counts: the aggregator's position and checkpoints survived.
 */
describe('crash of local mode under click load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-crash-'));
  const logFile = join(dataDir, 'local-mode.log');

  it('loses no acknowledged click and counts none twice', async () => {
    const first = await startLocalProcess({ dataDir, logFile });
    const before = apiClient(first.url);
    const users = await Promise.all(Array.from({ length: USERS }, () => before.newUser('crash')));

    const acknowledged = users.map(() => new Set<string>());
    const attempted = users.map(() => new Set<string>());
    let crashed = false;
    // Like the page: each click has its own key, sent again after Retry-After if refused.
    const worker = async (u: number): Promise<void> => {
      for (let i = 0; i < ATTEMPTS_PER_USER && !crashed; i++) {
        const key = randomUUID();
        attempted[u].add(key);
        for (;;) {
          let answer;
          try {
            answer = await before.call('POST', '/api/clicks', {
              token: users[u].token,
              headers: { 'idempotency-key': key },
            });
          } catch {
            return; // the server is gone
          }
          if (answer.status === 200) acknowledged[u].add(key);
          if (answer.status !== 429) break;
          await sleep(Number(answer.headers.get('retry-after')) * 1000);
        }
        await sleep(PACE_MS);
      }
    };
    const load = Promise.all(users.map((_, u) => worker(u)));
    // Let clicks flow, then pull the plug while requests are in flight.
    const ackedSoFar = (): number => acknowledged.reduce((n, set) => n + set.size, 0);
    for (let waited = 0; ackedSoFar() < 40 && waited < 30_000; waited += 50) await sleep(50);
    crashed = true;
    first.child.kill('SIGKILL');
    await first.exited;
    await load;
    const acked = acknowledged.reduce((n, s) => n + s.size, 0);
    expect(acked).toBeGreaterThan(20);

    const second = await startLocalProcess({ dataDir, logFile });
    try {
      const after = apiClient(second.url);
      for (let u = 0; u < USERS; u++) {
        const mine = await after.call<Totals>('GET', '/api/clicks', { token: users[u].token });
        // Every acknowledged click is there; in-flight ones may or may not have landed.
        expect(mine.body.user_clicks).toBeGreaterThanOrEqual(acknowledged[u].size);
        expect(mine.body.user_clicks).toBeLessThanOrEqual(attempted[u].size);
      }
      // Retrying every attempt with its key: each counts once, whether or not it landed before.
      for (let u = 0; u < USERS; u++) {
        const answers = await Promise.all(
          [...attempted[u]].map((key) =>
            after.call('POST', '/api/clicks', { token: users[u].token, headers: { 'idempotency-key': key } }),
          ),
        );
        expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      }
      let sumOfUsers = 0;
      for (let u = 0; u < USERS; u++) {
        const mine = await after.call<Totals>('GET', '/api/clicks', { token: users[u].token });
        expect(mine.body.user_clicks).toBe(attempted[u].size);
        sumOfUsers += mine.body.user_clicks;
      }
      await drained(after, { total: 0, inLog: 0 }, sumOfUsers, 5000);
    } finally {
      await stopLocalProcess(second);
    }
  });
});
