import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FUNCTION_RUNTIME } from '../../lib/constructs/area-function';

const ROOT = resolve(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const lambdaMajor = /^nodejs(\d+)\.x$/.exec(FUNCTION_RUNTIME.name)?.[1];
const majorOf = (version: string): string => version.replace(/^v/, '').split('.')[0];

describe('Node.js of the tests, local mode and the bench is the Lambda runtime major', () => {
  it('package.json asks for the deployed runtime major and installs it', () => {
    expect(lambdaMajor).toBeDefined();
    expect(packageJson.engines.node).toBe(`${lambdaMajor}.x`);
    expect(packageJson.devDependencies.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(majorOf(packageJson.devDependencies.node)).toBe(lambdaMajor);
  });

  it('runs this test on it', () => {
    expect(majorOf(process.versions.node)).toBe(lambdaMajor);
  });

  it('puts the same node first on PATH, where shebangs, npx and the CDK app command look for it', () => {
    const onPath = execFileSync('node', ['-p', 'process.version'], { cwd: ROOT, encoding: 'utf8' }).trim();
    expect(onPath).toBe(process.version);
  });
});
