/**
 * `npm run test:faults`: fault-injection specs against the built app (dist/) run as child
 * processes, each spec with its own Redis and database on an embedded Postgres started for the
 * suite, so stopping them never touches the machine's services. One spec at a time: they start
 * processes, stop services and measure latencies.
 */
const { join } = require('node:path');

const root = join(__dirname, '..', '..');

module.exports = {
  rootDir: root,
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 150_000,
  verbose: true,
  reporters: ['default', '<rootDir>/test/faults/summary-reporter.js'],
};
