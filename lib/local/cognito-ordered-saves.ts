import { rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * Loaded into cognito-local's process before its start script (`node --import`, run by Node itself,
 * which strips the types: no tsx in that process, so it starts as quickly as cognito-local alone).
 *
 * cognito-local keeps each user pool in one JSON file through stormdb, which saves the whole file with
 * `fs.writeFile` on every change. Two changes at once (two sign-ups, a sign-up and a sign-in) write the
 * same file concurrently, and the older, shorter save may land last: the file then holds an old state
 * followed by the tail of a newer one. A kill in the middle of a save leaves it cut short. Either way
 * cognito-local refuses to start on it again, and every account local mode holds is gone.
 *
 * Here each file's saves run one after another, in the order the changes were made, each written to a
 * temporary file that is then renamed over the old one: the file always holds one whole save, and the
 * newest save is the last one written.
 */

/** The part of stormdb's file engine (`stormdb.localFileEngine`) that a save goes through. */
interface FileEngine {
  readonly path: string;
  serialize(data: unknown): string;
}

interface FileEngineClass {
  prototype: { write(this: FileEngine, data: unknown): Promise<void> | null };
}

/** Replaces the engine's write for every store it opens from now on (cognito-local opens them async). */
function orderSaves(engine: FileEngineClass): void {
  const queues = new Map<string, Promise<void>>();
  engine.prototype.write = function write(this: FileEngine, data: unknown): Promise<void> {
    // Serialized now, as the original does: the state as of this change, whatever comes after it.
    const text = this.serialize(data);
    const { path } = this;
    const saved = (queues.get(path) ?? Promise.resolve()).then(async () => {
      const temporary = `${path}.saving`;
      await writeFile(temporary, text);
      await rename(temporary, path);
    });
    // A failed save fails its own change only; the next one still runs.
    queues.set(
      path,
      saved.catch(() => undefined),
    );
    return saved;
  };
}

// The stormdb that cognito-local loads: resolved from the script Node runs after this module
// (process.argv[1]), since this module, run as an ES module by Node, has no require of its own.
const stormdb = createRequire(process.argv[1])('stormdb') as { localFileEngine: FileEngineClass };
orderSaves(stormdb.localFileEngine);
