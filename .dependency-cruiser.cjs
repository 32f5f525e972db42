/**
 * The architecture as code (see ../shared/STYLE.md "three floors"): tools at the bottom, domains
 * in the middle, one assembly on top. Arrows only point down, and nothing imports in a circle.
 * `npm test` runs this, so a rule broken later fails CI.
 */
const tools = '^lib/(http|store|i18n|options)/';
const top = '^lib/(app|cli)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles hide which module owns a concept; move the shared part down a floor.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'tools-import-no-domain',
      severity: 'error',
      comment: 'lib/http, lib/store, lib/i18n and lib/options are tools: they never know a domain or the assembly.',
      from: { path: tools },
      to: { path: '^lib/', pathNot: tools },
    },
    {
      name: 'domains-import-no-assembly',
      severity: 'error',
      comment: 'A domain never imports the assembly (lib/app) or the command line (lib/cli).',
      from: { path: '^lib/', pathNot: top },
      to: { path: top },
    },
    {
      name: 'app-imports-no-cli',
      severity: 'error',
      comment: 'The command line sits beside the assembly and uses it; the assembly never needs the command line.',
      from: { path: '^lib/app/' },
      to: { path: '^lib/cli/' },
    },
    {
      name: 'lib-imports-no-example-or-test',
      severity: 'error',
      comment: 'The library never depends on the examples, the benchmarks or the tests.',
      from: { path: '^(lib|index\\.ts|bin)' },
      to: { path: '^(examples|bench|test)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
