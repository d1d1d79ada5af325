/** Four projects so each layer can run alone; `npm test` runs all but the browser tests. */
// middy is published as ES modules only: its files are mapped to their entry points and compiled to
// CommonJS like our own code.
const transform = { '^.+\\.[tj]s$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }] };
const base = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['node_modules/(?!@middy)'],
  moduleNameMapper: {
    '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
    '^@middy/([^/]+)/([^/]+)$': '<rootDir>/node_modules/@middy/$1/$2.js',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

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
