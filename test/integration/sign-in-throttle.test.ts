import { randomBytes } from 'node:crypto';
import { SIGN_IN_THROTTLE } from '../../lambdas/auth/sign-in-throttle';
import { api } from '../support/api';
import { callFrom, freshLoopbackAddress } from '../support/from-address';

const { newUser } = api();
const { windowSeconds, perNameAndClient, perClient } = SIGN_IN_THROTTLE;
const ghost = () => `ghost_${randomBytes(5).toString('hex')}`;

/** Failures count per fixed window: start a test well inside one, so all its attempts land in it. */
async function wellInsideAWindow(neededMs = 40_000): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const untilNext = windowMs - (Date.now() % windowMs);
  if (untilNext < neededMs) await new Promise((r) => setTimeout(r, untilNext + 200));
}

const statusCounts = (answers: { status: number }[]): Record<number, number> => {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
};

describe('sign-in throttling', () => {
  it('throttles the guessing client, while the owner signs in from another address', async () => {
    const victim = await newUser('victim');
    const attacker = callFrom(freshLoopbackAddress());
    const owner = callFrom(freshLoopbackAddress());
    await wellInsideAWindow();
    for (let i = 0; i < perNameAndClient; i++) {
      const guess = await attacker('POST', '/api/login', {
        username: victim.username,
        password: `wrong-${i}-guess`,
      });
      expect(guess.status).toBe(401);
    }
    const throttled = await attacker('POST', '/api/login', {
      username: victim.username.toUpperCase(),
      password: 'another-guess',
    });
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(throttled.body.message).toMatch(/try again/);

    const signedIn = await owner('POST', '/api/login', {
      username: victim.username,
      password: victim.password,
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.access_token).toEqual(expect.any(String));
    // The attacker's client may still sign in to its own account: only that name is throttled for it.
    const own = await newUser('attacker');
    expect(
      (await attacker('POST', '/api/login', { username: own.username, password: own.password })).status,
    ).toBe(200);
  }, 90_000);

  it(`lets exactly ${perNameAndClient} of 100 concurrent guesses at one name reach the password check`, async () => {
    const { username } = await newUser('raced');
    const from = callFrom(freshLoopbackAddress());
    await wellInsideAWindow();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        from('POST', '/api/login', { username, password: `guess-${i}-x` }),
      ),
    );
    expect(statusCounts(answers)).toEqual({ 401: perNameAndClient, 429: 100 - perNameAndClient });
  }, 120_000);

  it(`lets exactly ${perClient} of 100 concurrent guesses at different names from one client through`, async () => {
    const from = callFrom(freshLoopbackAddress());
    const user = await newUser('sprayed');
    await wellInsideAWindow();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        from('POST', '/api/login', { username: ghost(), password: 'password-1' }),
      ),
    );
    expect(statusCounts(answers)).toEqual({ 401: perClient, 429: 100 - perClient });
    // That client now waits, even with a right password; everyone else does not.
    expect(
      (await from('POST', '/api/login', { username: user.username, password: user.password })).status,
    ).toBe(429);
    const elsewhere = callFrom(freshLoopbackAddress());
    expect(
      (await elsewhere('POST', '/api/login', { username: user.username, password: user.password })).status,
    ).toBe(200);
  }, 120_000);

  it('counts only failures: successful sign-ins give their slot back', async () => {
    const user = await newUser('regular');
    const from = callFrom(freshLoopbackAddress());
    await wellInsideAWindow();
    for (let i = 0; i < perNameAndClient + 3; i++) {
      const answer = await from('POST', '/api/login', { username: user.username, password: user.password });
      expect(answer.status).toBe(200);
    }
    for (let i = 0; i < perNameAndClient; i++) {
      const answer = await from('POST', '/api/login', { username: user.username, password: `typo-${i}-pw` });
      expect(answer.status).toBe(401);
    }
  }, 90_000);
});
