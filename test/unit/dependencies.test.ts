import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const lock = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

/** Every version of each package under `scope` that `npm ci` installs, by package name. */
function versionsIn(scope: string): Map<string, Set<string>> {
  const versions = new Map<string, Set<string>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!name.startsWith(`${scope}/`) || !entry.version) continue;
    versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
  }
  return versions;
}

const duplicated = (versions: Map<string, Set<string>>): string[] =>
  [...versions]
    .filter(([, found]) => found.size > 1)
    .map(([name, found]) => `${name}@${[...found].join(',')}`);

describe('dependency tree', () => {
  // Two copies of Powertools' commons, or of the SDK's core and Smithy packages, would be bundled twice
  // and keep separate state (loggers, middleware stacks, credential caches).
  it.each(['@aws-lambda-powertools', '@aws-sdk', '@smithy'])(
    'has one version of each %s package',
    (scope) => {
      const versions = versionsIn(scope);
      expect(versions.size).toBeGreaterThan(0);
      expect(duplicated(versions)).toEqual([]);
    },
  );

  it('has all Powertools packages on one release', () => {
    const releases = new Set(
      [...versionsIn('@aws-lambda-powertools').values()].flatMap((found) => [...found]),
    );
    expect([...releases]).toHaveLength(1);
  });
});
