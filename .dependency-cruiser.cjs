/**
 * Module boundaries, checked in CI (npm run boundaries):
 * - platform/ is the shared kernel and never depends on a module;
 * - a module reaches another module only through that module's index.ts;
 * - modules reach platform areas only through each area's index.ts;
 * - nothing in src/ imports tests, seeds or scripts (except the composition root's seed).
 */
module.exports = {
  forbidden: [
    {
      name: 'platform-independent-of-modules',
      comment: 'The shared kernel must not know the modules built on it.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'module-through-public-index',
      comment: 'Another module is used only through its public index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/.+', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'platform-area-through-index',
      comment: 'Modules use a platform area only through its index.ts.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/platform/([^/]+)/.+', pathNot: '^src/platform/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.build|node_modules' },
  },
};
