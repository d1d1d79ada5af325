/** Four projects so each layer can run alone; `npm test` runs all but the browser tests. */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const base = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

const projects = [
  { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
  {
    ...base,
    displayName: 'integration',
    testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    globalSetup: '<rootDir>/test/integration/global-setup.ts',
    globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
  },
  { ...base, displayName: 'cdk', testMatch: ['<rootDir>/test/cdk/**/*.test.ts'] },
  { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
];

const selected = process.argv.includes('--selectProjects');
module.exports = {
  // Browser tests run through `npm run test:e2e`; `npm test` covers the other three layers.
  projects: selected ? projects : projects.filter((p) => p.displayName !== 'e2e'),
  testTimeout: 60000,
};
