// Unit tests sit beside the code (src/**/*.spec.ts); e2e tests boot the app over real HTTP (test/**/*.e2e-spec.ts).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// NestJS 12 ships ESM only; jest's CommonJS runtime cannot require ESM on Node 20, so swc compiles it to CommonJS too.
const esmPackages = {
  transform: { '^.+\\.ts$': swc, '/node_modules/@nestjs/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
};

module.exports = {
  // A global option: jest ignores testTimeout inside a project entry. 30 s covers e2e tests that boot the app.
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
      ...esmPackages,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      ...esmPackages,
    },
  ],
};
