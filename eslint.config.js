// One lint setup for every process: typescript-eslint's recommended rules, plus the few that keep
// process boundaries honest (no floating promises in a long-running node) and the import fence
// below (which folder may import which; test/unit/import-fence.test.ts proves it fires).
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

// Where `main/` may start the embedded sandbox network, the one reason it has to import coordinator/.
// node-runtime.ts is there until the node's assembly moves to main/compose/.
const SANDBOX_STARTERS = ['main/compose/**', 'main/cli/network-command.ts'];

// Imports run down only. Each layer: its files, and the zones (import-x/no-restricted-paths) it may
// not import from. `from: '.'` with `except` reads "nothing but these". Paths are resolved by the
// TypeScript resolver (`./x.js` finds `x.ts`); an import it cannot resolve is skipped by the rule, so
// the fence test checks that each forbidden import is really reported. `browser` layers also get no
// Node built-ins and no Buffer/process: they run in the renderer (or are pure, for main/core).
// Each layer is its own config block (its files are exactly the files it fences), so every zone
// targets the whole tree: `target: '.'`.
// Packages (node_modules) are always allowed here; Node built-ins are fenced by `browser` below.
const notFrom = (allowed, message) => ({
  target: '.',
  from: '.',
  except: [...allowed, './node_modules'],
  message,
});
const NO_COMMON_NODE = { target: '.', from: './common/node', message: 'common/node/ is Node-only.' };
const layers = [
  {
    files: ['coordinator/**'],
    zones: [notFrom(['./coordinator', './common'], 'coordinator/ imports common/ only.')],
  },
  {
    files: ['common/**'],
    ignores: ['common/node/**'],
    browser: true,
    zones: [notFrom(['./common'], 'common/ imports common/ only.'), NO_COMMON_NODE],
  },
  {
    files: ['common/node/**'],
    zones: [notFrom(['./common'], 'common/node/ imports common/ only.')],
  },
  {
    files: ['renderer/**'],
    browser: true,
    zones: [notFrom(['./renderer', './common'], 'renderer/ imports common/ only.'), NO_COMMON_NODE],
  },
  {
    files: ['preload/**'],
    browser: true,
    zones: [
      notFrom(['./preload', './common'], "preload/ imports common/ (and 'electron') only."),
      NO_COMMON_NODE,
    ],
  },
  {
    files: ['main/core/**'],
    browser: true,
    zones: [notFrom(['./main/core', './common'], 'main/core/ is pure: common/ only.'), NO_COMMON_NODE],
  },
  {
    files: ['main/gpu/worker/**'],
    zones: [
      notFrom(['./main/gpu', './common'], 'The GPU worker imports main/gpu/ and common/ only.'),
      {
        target: '.',
        from: './main/gpu/host',
        message: 'The GPU worker process never loads the main side (main/gpu/host/).',
      },
    ],
  },
  {
    files: ['main/**'],
    ignores: ['main/core/**', 'main/gpu/worker/**', ...SANDBOX_STARTERS],
    zones: [
      notFrom(
        ['./main', './common', './package.json'],
        `main/ imports coordinator/ only where the sandbox starts (${SANDBOX_STARTERS.join(', ')}).`,
      ),
    ],
  },
  {
    files: SANDBOX_STARTERS,
    zones: [
      notFrom(
        ['./main', './common', './coordinator', './package.json'],
        'main/ imports main/, common/ and coordinator/.',
      ),
    ],
  },
];

const fence = layers.map(({ files, ignores = [], zones, browser }) => ({
  files,
  ignores,
  plugins: { 'import-x': importX },
  rules: {
    'import-x/no-restricted-paths': ['error', { basePath: root, zones }],
    ...(browser && {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'Not in a browser: use Uint8Array (or move the code to common/node/).' },
        {
          name: 'process',
          message: 'Not in a browser: pass what is needed in (or move the code to common/node/).',
        },
      ],
    }),
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.devrun/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'renderer/tsconfig.json', 'test/e2e/tsconfig.json'].map(
            (p) => `${root}/${p}`,
          ),
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...fence,
  {
    // Tests build deliberately malformed input (bad jobs, bogus calls): loose types are the point.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
