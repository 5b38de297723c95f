// Keeps the layers honest: domain is pure, contracts only know zod, nothing cycles.
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports nothing outside domain/ (no node: modules, no packages)',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/' },
    },
    {
      name: 'contracts-only-zod',
      comment: 'contracts/ imports zod and other contracts only',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { pathNot: ['^contracts/', '^node_modules/zod/', '^domain/'] },
    },
    {
      name: 'projections-not-services',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^services/(?!shared/(event-store|event-source)/port)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
