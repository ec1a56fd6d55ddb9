/** Two projects: fast unit specs beside the code, and end-to-end specs in test/ against real Postgres and Redis. */

// The specs run in a zone east of UTC unless told otherwise (the workers inherit it): on a UTC
// machine a date read at local midnight (node-postgres' `date` columns) and the same date in UTC
// agree, so a spec of that difference could not fail there (found by mutation testing).
process.env.TZ ??= 'Asia/Shanghai';
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};

module.exports = {
  // End-to-end files are I/O-bound (each has its own database), so more workers than cores pays off.
  maxWorkers: 3,
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
