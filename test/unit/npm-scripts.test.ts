import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const FIXTURE = join(__dirname, 'fixtures', 'busy-until-interrupted.ts');

/**
 * The command a script ends with, its TypeScript file swapped for the fixture. tsx's own CLI relays
 * Ctrl-C to the process it runs and kills that process outright (SIGKILL) unless it acknowledges the
 * signal within about 60 ms: a busy local mode then dies without stopping its emulators or releasing
 * its data directory, a busy bench without its cleanup.
 */
function commandOf(script: string): string {
  const last = scripts[script].split('&&').pop()?.trim() ?? '';
  expect(last).toMatch(/\bbin\/[\w-]+\.ts\b/);
  return last.replace(/\bbin\/[\w-]+\.ts\b/, FIXTURE);
}

/** Runs `command` as a terminal would, Ctrl-C's it (the whole group) once ready, and returns what it said. */
function interruptWhenReady(command: string): Promise<{ output: string; code: number | null }> {
  const child = spawn('sh', ['-c', `exec ${command}`], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  return new Promise((done) => {
    const hear = (chunk: Buffer): void => {
      const before = output;
      output += chunk.toString('utf8');
      if (!before.includes('ready') && output.includes('ready') && child.pid)
        process.kill(-child.pid, 'SIGINT');
    };
    child.stdout.on('data', hear);
    child.stderr.on('data', hear);
    child.once('close', (code) => done({ output, code }));
  });
}

describe.each(['start', 'bench', 'bench:soak'])('npm run %s', (script) => {
  it('stops in order on Ctrl-C while its event loop is busy', async () => {
    const { output, code } = await interruptWhenReady(commandOf(script));
    expect(output).toContain('stopped in order');
    expect(code).toBe(0);
  }, 20_000);
});
