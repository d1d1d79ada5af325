import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { apiClient } from '../support/api';
import { drained } from '../support/clicks';
import { LOCAL_MODE_START_MS, startLocalProcess, stopLocalProcess } from '../support/local-process';

// The test's own work, and two starts of local mode.
jest.setTimeout(120_000 + 2 * LOCAL_MODE_START_MS);

interface Totals {
  total_clicks: number;
  user_clicks: number;
}

const ROOT = resolve(__dirname, '..', '..');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs bin/local.ts to its end and returns what it printed. */
function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'local.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/** The kernel's cap on any listen queue (net.core.somaxconn); none known outside Linux. */
function kernelListenQueueCap(): number {
  try {
    return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Twice Node's default listen queue (511), unless the kernel caps every queue below that. */
const BURST_OF_CONNECTIONS = Math.min(1024, kernelListenQueueCap());

/** How many of `count` TCP connections opened at once complete their handshake within `withinMs`. */
function connectionsCompleted(url: URL, count: number, withinMs: number): Promise<number> {
  const sockets = Array.from({ length: count }, () => connect({ host: '127.0.0.1', port: Number(url.port) }));
  let completed = 0;
  for (const socket of sockets) {
    socket.once('connect', () => (completed += 1));
    socket.on('error', () => undefined);
  }
  return new Promise((done) =>
    setTimeout(() => {
      for (const socket of sockets) socket.destroy();
      done(completed);
    }, withinMs),
  );
}

describe('local mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloud-clicker-restart-'));
  const logFile = join(dataDir, 'local-mode.log');

  it('keeps every user and every click across a stop and a restart, and refuses a second instance on the same data', async () => {
    const first = await startLocalProcess({ dataDir, logFile, ownProcessGroup: true });
    const a = apiClient(first.url);
    const alice = await a.newUser('restart');
    const bob = await a.newUser('restart');
    for (let i = 0; i < 5; i++) await a.call('POST', '/api/clicks', { token: alice.token });
    for (let i = 0; i < 3; i++) await a.call('POST', '/api/clicks', { token: bob.token });
    const { children } = JSON.parse(readFileSync(join(dataDir, 'local-mode.lock'), 'utf8')) as {
      children: number[];
    };
    expect(children).toHaveLength(2);
    // Ctrl-C in a terminal: SIGINT to every process of the foreground group.
    const group = first.child.pid;
    // Never -0: that would signal the test runner's own group.
    if (group === undefined) throw new Error('local mode has no process id');
    process.kill(-group, 'SIGINT');
    expect(await first.exited).toBe(0);
    // None of the emulators is taken for crashed and restarted, none is left running, the data directory is free.
    expect(readFileSync(logFile, 'utf8')).not.toMatch(/stopped unexpectedly/);
    expect(children.filter(isAlive)).toEqual([]);
    expect(existsSync(join(dataDir, 'local-mode.lock'))).toBe(false);

    const second = await startLocalProcess({ dataDir, logFile });
    let secondExit: number | null;
    try {
      const b = apiClient(second.url);
      const aliceLogin = await b.call<{ access_token: string }>('POST', '/api/login', {
        body: { username: alice.username, password: alice.password },
      });
      expect(aliceLogin.status).toBe(200);
      const bobLogin = await b.call<{ access_token: string }>('POST', '/api/login', {
        body: { username: bob.username, password: bob.password },
      });
      expect(bobLogin.status).toBe(200);
      // Clicks the aggregator had not counted when local mode stopped are counted after the restart.
      await drained(b, { total: 0, inLog: 0 }, 8, 5000);
      const aliceClicks = await b.call<Totals>('GET', '/api/clicks', { token: aliceLogin.body.access_token });
      expect(aliceClicks.body).toEqual({ total_clicks: 8, user_clicks: 5 });
      const bobClicks = await b.call<Totals>('GET', '/api/clicks', { token: bobLogin.body.access_token });
      expect(bobClicks.body.user_clicks).toBe(3);
      // A token issued before the restart is still good: same pool, same signing key.
      expect((await b.call('GET', '/api/me', { token: alice.token })).status).toBe(200);

      // While its process cannot run (here: stopped), connections still complete and wait their turn,
      // as API Gateway takes a burst: none is dropped for a full listen queue.
      second.child.kill('SIGSTOP');
      try {
        expect(await connectionsCompleted(new URL(second.url), BURST_OF_CONNECTIONS, 3000)).toBe(
          BURST_OF_CONNECTIONS,
        );
      } finally {
        second.child.kill('SIGCONT');
      }

      const intruder = await runToExit({ ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir });
      expect(intruder.code).not.toBe(0);
      expect(intruder.output).toMatch(/already running/);
      // The refused start did not disturb the running one.
      expect((await b.call<Totals>('GET', '/api/clicks')).body.total_clicks).toBe(8);
    } finally {
      // A closed terminal (SIGHUP) stops it as Ctrl-C does.
      secondExit = await stopLocalProcess(second, 'SIGHUP');
    }
    expect(secondExit).toBe(0);
    expect(existsSync(join(dataDir, 'local-mode.lock'))).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toMatch(/running at/);
    // And where the live totals' WebSocket is: the same port.
    expect(readFileSync(logFile, 'utf8')).toMatch(
      /running at http:\/\/localhost:(\d+)[^]*Live totals \(AppSync Events protocol\) on ws:\/\/localhost:\1\/event\/realtime/,
    );
  });

  it('says what to install when Java is missing', async () => {
    const emptyPath = mkdtempSync(join(tmpdir(), 'no-java-'));
    const result = await runToExit({
      ...process.env,
      PATH: emptyPath,
      PORT: '0',
      LOCAL_DATA_DIR: mkdtempSync(join(tmpdir(), 'cc-nojava-')),
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Java 17 or newer/);
    expect(result.output).toMatch(/install/i);
  }, 60_000);
});
