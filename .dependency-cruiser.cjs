// Keeps the layers honest (see ../shared/style.md §1 and services/app/README.md): the domain is
// pure, contracts only know zod, read models know the domain's vocabulary and nothing of the
// services, and every surface (/v1 routes, facades, CLIs) reaches behaviour only through the
// application layer. No exceptions: a rule that needs one is a design question.
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
      to: { pathNot: ['^contracts/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'projections-not-services',
      comment: 'read models are built from the domain vocabulary (domain/events.ts), never from a service or adapter',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^services/' },
    },
    {
      name: 'surfaces-call-the-application-layer',
      comment:
        '/v1 routes, facades and CLIs parse, call a use case of services/app and render: they never reach the command bus, the event store or source, a consumer or a process step',
      severity: 'error',
      from: { path: '^services/(api|facades|cli)/' },
      to: { path: ['^services/shared/(commands|event-store|event-source|consumers)/', '^services/process/', '^services/push/', '^services/audit/(verify|rebuild|log|moneyFlows|flows)'] },
    },
    {
      name: 'surfaces-not-deciders',
      comment: 'a surface never builds a command for an aggregate itself (domain errors and types are fine)',
      severity: 'error',
      from: { path: '^services/(api|facades|cli)/' },
      to: { path: '^domain/', pathNot: ['^domain/errors\\.ts$', '^domain/events\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-the-gateway-speaks-uws',
      comment: 'uWebSockets.js stays behind services/push/gateway.ts',
      severity: 'error',
      from: { pathNot: '^services/push/gateway\\.ts$' },
      to: { path: 'uWebSockets\\.js|uws-js-unofficial' },
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
