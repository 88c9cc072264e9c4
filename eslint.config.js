import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['electron', 'better-sqlite3', 'kysely', 'ws', 'pino', 'sirv', 'cli-progress', 'pg'];


const FEATURE_INDEX_ONLY = "Import a feature through its public index.ts ('../x'), not its files.";

/** The renderer's import rule; inside a feature also `../other-feature/file`. */
function rendererImports(insideFeature) {
  return [
    'error',
    {
      paths: [...nodeBuiltins, ...nodeOnlyPackages].map((name) => ({ name, message: 'The renderer reaches Node only through the contract.' })),
      patterns: [
        { regex: '^(\\.\\.?/)+features/[^/]+/.+', message: FEATURE_INDEX_ONLY },
        ...(insideFeature ? [{ regex: '^\\.\\./(?!\\.\\.)[^/]+/.+', message: FEATURE_INDEX_ONLY }] : []),
      ],
    },
  ];
}

/** Layer rules from DESIGN.md. tests/lint/layer-rules.test.ts proves each one fires. */
const layers = [
  {
    // shared/: pure TypeScript. No Node, no DOM, no app layers.
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...nodeOnlyPackages, 'react', 'react-dom', 'zustand', 'sip.js'].map((name) => ({
            name,
            message: 'shared/ is pure TypeScript: no Node, DOM, UI or SIP packages.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname'].map((name) => ({
          name,
          message: 'shared/ runs everywhere: no DOM or Node globals.',
        })),
      ],
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './shared', from: ['./electron', './renderer'], message: 'shared/ must not depend on a host or the UI.' }] },
      ],
    },
  },
  {
    // electron/core: host-agnostic. Never Electron, never the UI, never a host.
    files: ['electron/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'electron/core is host-agnostic: only electron/main and electron/preload import electron.' }] },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './electron/core',
              from: ['./renderer', './electron/main', './electron/preload', './electron/server'],
              message: 'electron/core must not depend on a host or the UI.',
            },
          ],
        },
      ],
    },
  },
  {
    // preload: the contract only, never the main process's modules (the IPC channel names live in shared/contract).
    files: ['electron/preload/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './electron/preload', from: ['./electron/main', './electron/core', './electron/server'], message: 'preload imports only shared/contract.' }] },
      ],
    },
  },
  {
    // renderer: talks to Node only through the contract; a feature is reached through its index.ts only.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': rendererImports(false),
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './renderer', from: './electron', message: 'The renderer reaches Node-side code only through the contract.' }] },
      ],
    },
  },
  {
    // inside a feature: another feature (../x/y) only through its index.ts.
    files: ['renderer/src/features/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': rendererImports(true) },
  },
];

/**
 * Tests read and write the store through its portable face (Kysely, tests/support/test-stores.ts queryRows/queryRow),
 * so the same test can run on PostgreSQL. The raw better-sqlite3 handle is for the SQLite adapter's own tests,
 * benchmarks of it and bulk seeds into a SQLite file only (issue 10 item 5). tests/lint/layer-rules.test.ts proves it fires.
 */
const RAW_SQLITE_HANDLE = 'Tests use the portable store (queryRows/queryRow from tests/support/test-stores.ts, or store.db), not the raw SQLite handle: that is for SQLite-adapter tests only (allow-list in eslint.config.js).';
const rawSqliteHandleInTests = {
  files: ['tests/**/*.{ts,tsx}'],
  ignores: [
    // SQLite-adapter tests: WAL mode, the file's own column types.
    'tests/db/migrations.test.ts',
    'tests/db/wal-checkpointer.test.ts',
    'tests/support/wal-close-last.ts',
    'tests/support/wal-closed-elsewhere.ts',
    // A bulk seed of the simulated month's callers into its SQLite file.
    'tests/simulation/real-centre.ts',
    // Benchmarks on the SQLite file (bulk generation, samplers of the file's rows between timed calls).
    'tests/bench/**',
  ],
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: "MemberExpression[property.name='raw'][object.type='MemberExpression'][object.property.name=/^(connection|store)$/]", message: RAW_SQLITE_HANDLE },
      { selector: "MemberExpression[property.name='raw'][object.type='Identifier'][object.name=/^(conn|connection|store|sqlite)$/]", message: RAW_SQLITE_HANDLE },
      { selector: "VariableDeclarator[init.type='MemberExpression'][init.property.name=/^(connection|store)$/] > ObjectPattern > Property[key.name='raw']", message: RAW_SQLITE_HANDLE },
    ],
  },
};

export default tseslint.config(
  { ignores: ['**/dist/**', 'build/**', 'node_modules/**', '.bench/**', 'tests/lint/fixtures/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })] },
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  ...layers,
  rawSqliteHandleInTests,
);
