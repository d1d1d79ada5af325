import { linkSync, mkdtempSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, type ApiAnswer } from '../support/api';
import {
  LOCAL_MODE_START_MS,
  startLocalProcess,
  stopLocalProcess,
  type LocalProcess,
} from '../support/local-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Repeats `request` until `accept` says yes, or fails after `timeoutMs`. */
async function until<T>(
  request: () => Promise<ApiAnswer<T>>,
  accept: (a: ApiAnswer<T>) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  const seen: number[] = [];
  for (;;) {
    const answer = await request();
    seen.push(answer.status);
    if (accept(answer)) return { answer, seen };
    if (Date.now() > deadline) throw new Error(`never accepted; statuses seen: ${seen.join(',')}`);
    await sleep(100);
  }
}

describe('local mode when an emulator dies', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-emulator-restart-'));
  const cognitoDb = join(dataDir, 'cognito', '.cognito', 'db');
  let local: LocalProcess;

  beforeAll(async () => {
    local = await startLocalProcess({ dataDir, logFile: join(dataDir, 'local-mode.log') });
  }, LOCAL_MODE_START_MS);
  afterAll(() => stopLocalProcess(local));

  const emulatorPids = (): number[] =>
    (JSON.parse(readFileSync(join(dataDir, 'local-mode.lock'), 'utf8')) as { children: number[] }).children;

  it('answers 503 while DynamoDB Local is down, then recovers by itself with every click kept', async () => {
    const { call, newUser } = apiClient(local.url);
    const { token } = await newUser('survivor');
    for (let i = 0; i < 3; i++) await call('POST', '/api/clicks', { token });
    const [dynamoPid] = emulatorPids();

    process.kill(dynamoPid, 'SIGKILL');
    const down = await until(
      () => call<{ message: string }>('GET', '/api/clicks', { token }),
      (a) => a.status === 503,
      10_000,
    );
    expect(down.answer.body.message).toMatch(/unavailable/);
    expect(down.answer.headers.get('retry-after')).toBeTruthy();

    const back = await until(
      () => call<{ user_clicks: number }>('GET', '/api/clicks', { token }),
      (a) => a.status === 200,
      30_000,
    );
    expect(back.answer.body.user_clicks).toBe(3);
    expect(emulatorPids()[0]).not.toBe(dynamoPid);
    expect((await call('POST', '/api/clicks', { token })).status).toBe(200);
  }, 60_000);

  it('answers 503 while cognito-local is down, then signs in again by itself', async () => {
    const { call, newUser } = apiClient(local.url);
    const { username, password } = await newUser('patient');
    const [, cognitoPid] = emulatorPids();

    process.kill(cognitoPid, 'SIGKILL');
    const login = () => call('POST', '/api/login', { body: { username, password } });
    const down = await until(login, (a) => a.status === 503, 10_000);
    expect(down.answer.body.message).toMatch(/unavailable/);
    await until(login, (a) => a.status === 200, 30_000);
  }, 60_000);

  it('keeps every account it acknowledged when cognito-local is killed among concurrent sign-ups', async () => {
    const { call, newUser } = apiClient(local.url);
    // Every sign-up and sign-in saves the user pool's whole file; these save it concurrently, and
    // cognito-local is killed in the middle of it.
    const acknowledged: { username: string; password: string }[] = [];
    let killed = false;
    const signUps = async (): Promise<void> => {
      while (!killed) {
        try {
          acknowledged.push(await newUser('together'));
        } catch {
          return; // cognito-local is gone
        }
      }
    };
    const [pool, ...others] = readdirSync(cognitoDb).filter(
      (name) => name.endsWith('.json') && name !== 'clients.json',
    );
    expect(others).toEqual([]);
    // A second name for the pool's file as it is now: a save written into the file in place would
    // change what this name shows; a save that replaces the file whole leaves it as it was.
    const poolPath = join(cognitoDb, pool);
    const keptPath = `${poolPath}.kept`;
    linkSync(poolPath, keptPath);
    const kept = readFileSync(keptPath, 'utf8');
    const load = Promise.all(Array.from({ length: 12 }, signUps));
    while (acknowledged.length < 24) await sleep(20);
    const [, cognitoPid] = emulatorPids();
    killed = true;
    process.kill(cognitoPid, 'SIGKILL');
    await load;
    expect(readFileSync(keptPath, 'utf8')).toBe(kept);
    unlinkSync(keptPath);

    const login = ({ username, password }: { username: string; password: string }) =>
      call('POST', '/api/login', { body: { username, password } });
    await until(
      () => login(acknowledged[0]),
      (a) => a.status === 200,
      30_000,
    );
    const answers = await Promise.all(acknowledged.map(login));
    expect(answers.map((a) => a.status)).toEqual(acknowledged.map(() => 200));
  }, 60_000);
});
