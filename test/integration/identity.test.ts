import { randomBytes } from 'node:crypto';
import { api } from '../support/api';

const { call, newUser } = api();
const freshName = (prefix = 'id') => `${prefix}_${randomBytes(4).toString('hex')}`;

describe('POST /api/register', () => {
  it('creates an account: 201 with the spec message', async () => {
    const answer = await call('POST', '/api/register', {
      body: { username: freshName(), password: 'long enough' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ message: 'User registered successfully' });
  });

  it('answers 409 for a taken username, compared case-insensitively', async () => {
    const name = freshName('Case');
    expect(
      (await call('POST', '/api/register', { body: { username: name, password: 'password-1' } })).status,
    ).toBe(201);
    for (const variant of [name, name.toUpperCase(), name.toLowerCase()]) {
      const again = await call('POST', '/api/register', {
        body: { username: variant, password: 'password-2' },
      });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/taken/);
    }
    // The first password still works: the conflicts changed nothing.
    expect(
      (await call('POST', '/api/login', { body: { username: name, password: 'password-1' } })).status,
    ).toBe(200);
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(33)],
    ['a space', 'has space'],
    ['a slash', 'a/b/c'],
    ['unicode', 'naïve_user'],
    ['not a string', 12345],
  ])('answers 400 naming the username field for %s', async (_, username) => {
    const answer = await call('POST', '/api/register', { body: { username, password: 'password-ok' } });
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toHaveProperty('username');
  });

  it.each([
    ['7 characters', 'x'.repeat(7)],
    ['129 characters', 'x'.repeat(129)],
    ['a number', 12345678],
    // What Cognito refuses and cognito-local would take: the same 400 here as in AWS.
    ['a leading space', ' leading-space'],
    ['a trailing space', 'trailing-space '],
    ['a trailing tab', 'trailing-tab\t'],
    ['a leading no-break space', '\u00a0nbsp-first'],
    ['a line break inside', 'line\nbreak'],
    ['a NUL inside', 'nul\u0000inside'],
    ['a lone surrogate', 'surrogate\ud800x'],
  ])('answers 400 naming the password field for %s', async (_, password) => {
    const username = freshName();
    const answer = await call('POST', '/api/register', { body: { username, password } });
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toHaveProperty('password');
    // Nothing was created: the name is still free.
    expect(
      (await call('POST', '/api/register', { body: { username, password: 'valid password' } })).status,
    ).toBe(201);
  });

  it('accepts inner spaces, symbols and letters beyond ASCII in a password', async () => {
    for (const password of [
      'correct horse battery',
      '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-',
      'пароль-ünïcødé',
    ]) {
      const username = freshName();
      expect((await call('POST', '/api/register', { body: { username, password } })).status).toBe(201);
      expect((await call('POST', '/api/login', { body: { username, password } })).status).toBe(200);
    }
  });

  it('accepts the limits: 3 and 32 character names, 8 and 128 character passwords', async () => {
    const short = `a${randomBytes(1).toString('hex')}`.slice(0, 3);
    const long = freshName('x'.repeat(20)).slice(0, 32);
    expect(
      (await call('POST', '/api/register', { body: { username: long, password: 'p'.repeat(128) } })).status,
    ).toBe(201);
    const shortAnswer = await call('POST', '/api/register', {
      body: { username: short, password: 'p'.repeat(8) },
    });
    expect([201, 409]).toContain(shortAnswer.status);
  });
});

describe('POST /api/login', () => {
  it('answers a bearer token with its lifetime', async () => {
    const { username, password } = await newUser();
    const answer = await call('POST', '/api/login', { body: { username, password } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: expect.any(Number),
    });
    expect(answer.body.expires_in).toBeGreaterThan(0);
  });

  it('signs in whatever the case of the username', async () => {
    const { username, password } = await newUser('MiXeD');
    expect(
      (await call('POST', '/api/login', { body: { username: username.toUpperCase(), password } })).status,
    ).toBe(200);
  });

  it('gives the same 401 for an unknown user and a wrong password', async () => {
    const { username } = await newUser();
    const wrongPassword = await call('POST', '/api/login', {
      body: { username, password: 'not the password' },
    });
    const unknownUser = await call('POST', '/api/login', {
      body: { username: freshName('ghost'), password: 'whatever1' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
  });

  it('answers 400 for a body that is not credentials', async () => {
    expect((await call('POST', '/api/login', { body: { username: 'someone' } })).status).toBe(400);
    expect((await call('POST', '/api/login', { body: ['someone', 'password'] })).status).toBe(400);
  });
});

describe('GET /api/me', () => {
  it('answers the username as typed at sign-up and a user id', async () => {
    const { username, token } = await newUser('Display');
    const answer = await call('GET', '/api/me', { token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ username, user_id: expect.any(String) });
  });

  it('answers 401 without a token', async () => {
    const answer = await call('GET', '/api/me');
    expect(answer.status).toBe(401);
    expect(answer.body.message).toEqual(expect.any(String));
  });

  it('answers 401 for a header that is not a bearer token', async () => {
    const { token } = await newUser();
    expect((await call('GET', '/api/me', { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
    expect((await call('GET', '/api/me', { headers: { authorization: 'Bearer' } })).status).toBe(401);
  });
});

describe('operations', () => {
  it('GET /api/health answers ok', async () => {
    const answer = await call('GET', '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('an unknown API path answers 404 JSON, like API Gateway', async () => {
    const answer = await call('GET', '/api/nope');
    expect(answer.status).toBe(404);
    expect(answer.body.message).toEqual(expect.any(String));
  });

  it('GET /api/openapi.json documents every route', async () => {
    const answer = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/register',
        '/api/login',
        '/api/me',
        '/api/clicks',
        '/api/clicks/log',
        '/api/health',
      ]),
    );
  });
});
