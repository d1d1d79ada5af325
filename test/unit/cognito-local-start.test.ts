import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCognitoLocal } from '../../lib/local/cognito-local';
import { LocalModeError } from '../../lib/local/processes';

describe('starting cognito-local on a damaged store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-cognito-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('names the file it cannot read and what to do, before starting anything', async () => {
    const db = join(dataDir, 'cognito', '.cognito', 'db');
    mkdirSync(db, { recursive: true });
    writeFileSync(join(db, 'clients.json'), '{"Clients": {}}');
    // What an older save landing after a newer one left: a whole state, then the newer one's tail.
    writeFileSync(join(db, 'local_pool.json'), '{"Users": {}}\n  }\n}');
    const spawned: number[] = [];

    const starting = startCognitoLocal(
      dataDir,
      1,
      () => undefined,
      (pid) => spawned.push(pid),
    );

    await expect(starting).rejects.toBeInstanceOf(LocalModeError);
    await expect(starting).rejects.toThrow(join(db, 'local_pool.json'));
    await expect(starting).rejects.toThrow(/Move it aside \(for example to local_pool\.json\.damaged\)/);
    expect(spawned).toEqual([]);
  });
});
