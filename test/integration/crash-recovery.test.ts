import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient } from '../support/api';
import { startLocalProcess, stopLocalProcess } from '../support/local-process';

interface Totals {
  total_clicks: number;
  user_clicks: number;
}

const USERS = 4;
const WORKERS_PER_USER = 4;

/**
 * SIGKILL local mode in the middle of a click load (no shutdown of any kind), start it again on the
 * same data, and show that every acknowledged click is there, that retrying the unacknowledged ones
 * with their Idempotency-Key counts each exactly once, and that the invariants hold.
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
    const worker = async (u: number): Promise<void> => {
      while (!crashed) {
        const key = randomUUID();
        attempted[u].add(key);
        try {
          const answer = await before.call('POST', '/api/clicks', {
            token: users[u].token,
            headers: { 'idempotency-key': key },
          });
          if (answer.status === 200) acknowledged[u].add(key);
        } catch {
          return; // the server is gone
        }
      }
    };
    const load = Promise.all(
      users.flatMap((_, u) => Array.from({ length: WORKERS_PER_USER }, () => worker(u))),
    );
    // Let clicks flow, then pull the plug while requests are in flight.
    await new Promise((r) => setTimeout(r, 2500));
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
        await Promise.all(
          [...attempted[u]].map((key) =>
            after.call('POST', '/api/clicks', { token: users[u].token, headers: { 'idempotency-key': key } }),
          ),
        );
      }
      let sumOfUsers = 0;
      for (let u = 0; u < USERS; u++) {
        const mine = await after.call<Totals>('GET', '/api/clicks', { token: users[u].token });
        expect(mine.body.user_clicks).toBe(attempted[u].size);
        sumOfUsers += mine.body.user_clicks;
      }
      const log = await after.call<{ minutes: { clicks: number }[]; total_clicks: number }>(
        'GET',
        '/api/clicks/log?minutes=60',
      );
      expect(log.body.total_clicks).toBe(sumOfUsers);
      expect(log.body.minutes.reduce((s, m) => s + m.clicks, 0)).toBe(sumOfUsers);
    } finally {
      await stopLocalProcess(second);
    }
  }, 120_000);
});
