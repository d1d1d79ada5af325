/**
 * The web's API types are generated from the OpenAPI document, which is generated from the
 * server's schemas. The committed file must be what the current schemas produce, so a changed
 * answer shape reaches the pages' type check (`npm run typecheck` regenerates it first).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('web API types', () => {
  it('are generated from the current schemas', () => {
    // openapi-typescript loads ES modules, so it runs under tsx rather than inside Jest.
    const check = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['web/api-schema.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('type each answer field by field, as the server names them', () => {
    const generated = readFileSync(path.join(root, 'web/src/api-schema.ts'), 'utf8');
    expect(generated).toMatch(/getClicks: \{[\s\S]*?total_clicks: number;\s*user_clicks\?: number;/);
  });
});
