import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/*
 * Runs before local mode, the tests and the bench (package.json's pre-scripts). They must run on the
 * Lambda runtime's Node.js major, which `npm ci` installs as the `node` devDependency: an install
 * without scripts, or a PATH that puts another node first, would otherwise fall back to the machine's
 * Node.js without a word and test a runtime that production never uses.
 */
const packageJson = JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const wanted = packageJson.engines.node;
const major = process.versions.node.split('.')[0];
if (wanted !== `${major}.x`) {
  console.error(
    `Cloud Clicker runs on Node.js ${wanted} (package.json engines, the Lambda runtime's major), ` +
      `but this is ${process.version} at ${process.execPath}. Run \`npm ci\` with install scripts ` +
      'enabled: it puts Node.js from the npm package `node` at node_modules/.bin/node, first on the PATH of every npm script.',
  );
  process.exit(1);
}
