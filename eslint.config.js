// Type-aware lint: floating promises and misused promises are errors, because an
// unawaited store write or search call fails silently.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// web/ talks to the server over HTTP only: it may import the types of the shared
// contracts (model, search, the API routes for hc<AppType>), never server code, but for
// pure modules both sides must run alike (the clip maker previews the clip the server saves).
const webServerImports = [
  {
    regex:
      '(^|/)server/(?!(model/types|search/search-types|http/app-type|clips/estimate-word-times|clips/snap-clip-range)\\.ts$)',
    message: 'web/ talks to the server over HTTP only.',
  },
  {
    regex: '(^|/)server/(?!clips/(estimate-word-times|snap-clip-range)\\.ts$)',
    allowTypeImports: true,
    message: 'web/ may import only types from the server (import type …).',
  },
];

// Only the player feature talks to the player library; the app uses our adapter.
const vidstackImports = [
  {
    group: ['@vidstack/*'],
    message: 'Use the player adapter from features/player/index.ts; only features/player imports Vidstack.',
  },
];
const crossFeatureImports = (depth) => [
  { regex: '(^|/)app/', message: 'features/ must not import app/.' },
  {
    regex: `^${'\\.\\./'.repeat(depth)}(?!\\.\\.)[^/]+/(?!index\\.tsx?$)`,
    message: 'Import another feature through its index.ts only.',
  },
];

function restrictImports(...patternLists) {
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns: patternLists.flat() }] };
}

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'web/dist', 'data', 'coverage', 'test-artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrictImports(webServerImports, vidstackImports),
    },
  },
  // Import direction in web/ (bulletproof-react): app → features → shared. Features reach
  // each other only through their index.ts; shared never imports features or the app.
  {
    files: ['web/src/shared/**/*.{ts,tsx}'],
    rules: restrictImports(webServerImports, vidstackImports, [
      { regex: '(^|/)(features|app)/', message: 'shared/ must not import features/ or app/.' },
    ]),
  },
  {
    files: ['web/src/features/*/*.{ts,tsx}'],
    rules: restrictImports(webServerImports, vidstackImports, crossFeatureImports(1)),
  },
  {
    files: ['web/src/features/*/*/**/*.{ts,tsx}'],
    rules: restrictImports(webServerImports, vidstackImports, crossFeatureImports(2)),
  },
  // The player feature is the one place allowed to use Vidstack.
  {
    files: ['web/src/features/player/*.{ts,tsx}'],
    rules: restrictImports(webServerImports, crossFeatureImports(1)),
  },
  {
    files: ['web/src/features/player/*/**/*.{ts,tsx}'],
    rules: restrictImports(webServerImports, crossFeatureImports(2)),
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
