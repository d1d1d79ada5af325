import { readFileSync } from 'node:fs';
import { api } from '../support/api';

const { call, newUser } = api();

describe('logs', () => {
  it('never contain a password, a token or an Authorization header', async () => {
    const user = await newUser('logcheck');
    await call('GET', '/api/me', { token: user.token });
    await call('POST', '/api/clicks', { token: user.token });
    await call('POST', '/api/login', {
      body: { username: user.username, password: `${user.password}-wrong` },
    });
    await call('POST', '/api/register', { body: { username: user.username, password: user.password } });
    await call('GET', '/api/me', { token: `${user.token}x` });
    // Let the child flush what it printed.
    await new Promise((r) => setTimeout(r, 300));

    const log = readFileSync(String(process.env.LOCAL_MODE_LOG), 'utf8');
    expect(log).toContain('"route":"GET /api/me"');
    for (const secret of [user.password, user.token, user.token.split('.')[2]])
      expect(log).not.toContain(secret);
    expect(log).not.toMatch(/authorization/i);
    expect(log).not.toMatch(/bearer\s+ey/i);
    expect(log).not.toMatch(/"password"/i);
  });
});
