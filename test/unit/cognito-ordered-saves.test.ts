import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Patches the stormdb cognito-local loads, as it does when preloaded into cognito-local's process.
import '../../lib/local/cognito-ordered-saves';

interface Store {
  default(value: unknown): Store;
  get(key: string): Store;
  set(key: string, value: unknown): Store;
  value(): unknown;
  save(): Promise<void>;
}
interface StormDB {
  new (engine: unknown): Store;
  localFileEngine: new (path: string, options: { async: boolean }) => unknown;
}

const StormDB = createRequire(require.resolve('cognito-local/package.json'))('stormdb') as StormDB;

const USERS = 32;
/** Unordered, about one round in six left the file unreadable or stale; thirty rounds all pass. */
const ROUNDS = 30;

describe("cognito-local's store, saved in order", () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ordered-saves-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the newest whole state on disk when sign-ups save the same pool at once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const path = join(dir, `pool-${round}.json`);
      // As cognito-local opens a pool's store.
      const db = new StormDB(new StormDB.localFileEngine(path, { async: true }));
      db.default({ Users: {} });
      await db.save();
      const saves: Promise<void>[] = [];
      for (let i = 0; i < USERS; i++) {
        db.get('Users').set(`user${i}`, { Username: `user${i}`, Attributes: 'x'.repeat(800) });
        saves.push(db.save());
      }
      await Promise.all(saves);

      const stored = JSON.parse(readFileSync(path, 'utf8')) as { Users: Record<string, unknown> };
      expect(Object.keys(stored.Users)).toHaveLength(USERS);
      expect(stored).toEqual(db.value());
    }
    // Every save renamed its temporary file over the pool's.
    expect(readdirSync(dir).filter((name) => !name.endsWith('.json'))).toEqual([]);
  });

  it('fails a save that cannot be written, and still saves the changes after it', async () => {
    const path = join(dir, 'pool.json');
    const db = new StormDB(new StormDB.localFileEngine(path, { async: true }));
    db.default({ Users: {} });
    await db.save();
    // The temporary file's place is taken by a directory: this save cannot be written.
    mkdirSync(`${path}.saving`);
    db.get('Users').set('first', { Username: 'first' });
    await expect(db.save()).rejects.toThrow(/EISDIR/);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ Users: {} });

    rmdirSync(`${path}.saving`);
    db.get('Users').set('second', { Username: 'second' });
    await db.save();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      Users: { first: { Username: 'first' }, second: { Username: 'second' } },
    });
  });
});
