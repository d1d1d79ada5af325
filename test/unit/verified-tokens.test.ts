import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { rememberVerifiedTokens } from '../../lambdas/shared/verified-tokens';

/** A verifier that accepts tokens named `ok-<exp>` and counts its calls. */
function countingVerifier() {
  const calls: string[] = [];
  const verify = (token: string): Promise<JwtPayload> => {
    calls.push(token);
    const [kind, exp] = token.split('-');
    if (kind !== 'ok') return Promise.reject(new Error('invalid token'));
    return Promise.resolve({ sub: token, ...(exp ? { exp: Number(exp) } : {}) } as JwtPayload);
  };
  return { calls, verify };
}

describe('remembering verified tokens', () => {
  it('verifies a token once until it expires, then again', async () => {
    let nowMs = 1_000_000;
    const { calls, verify } = countingVerifier();
    const remembered = rememberVerifiedTokens(verify, 10, () => nowMs);
    expect((await remembered('ok-1100')).sub).toBe('ok-1100');
    expect((await remembered('ok-1100')).sub).toBe('ok-1100');
    expect(calls).toEqual(['ok-1100']);
    nowMs = 1_100_000;
    await remembered('ok-1100');
    expect(calls).toEqual(['ok-1100', 'ok-1100']);
  });

  it('never remembers a refusal or a token without expiry', async () => {
    const { calls, verify } = countingVerifier();
    const remembered = rememberVerifiedTokens(verify, 10, () => 0);
    await expect(remembered('bad-1')).rejects.toThrow('invalid token');
    await expect(remembered('bad-1')).rejects.toThrow('invalid token');
    await remembered('ok');
    await remembered('ok');
    expect(calls).toEqual(['bad-1', 'bad-1', 'ok', 'ok']);
  });

  it('keeps at most its capacity, forgetting the oldest first', async () => {
    const { calls, verify } = countingVerifier();
    const remembered = rememberVerifiedTokens(verify, 2, () => 0);
    for (const token of ['ok-1', 'ok-2', 'ok-3', 'ok-3', 'ok-2', 'ok-1']) await remembered(token);
    expect(calls).toEqual(['ok-1', 'ok-2', 'ok-3', 'ok-1']);
  });
});
