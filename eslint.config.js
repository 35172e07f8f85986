import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';

// The engine's output must be a function of scenario, seed and commands only:
// no wall clock, no unseeded randomness, no transcendental Math (engines differ in the last ulp).
const nondeterministic = [
  { object: 'Math', property: 'random', message: 'Use a seeded stream from engine/rng.ts.' },
  { object: 'Date', property: 'now', message: 'Simulated time only: wall time enters as a stamped input.' },
  { object: 'performance', property: 'now', message: 'Simulated time only.' },
  ...['log', 'log2', 'log10', 'log1p', 'exp', 'expm1', 'pow', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'cbrt', 'hypot'].map((property) => ({
    object: 'Math',
    property,
    message: 'Transcendental Math differs between JS engines: use engine/math.ts.',
  })),
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.tsbuild/**', '**/dist/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/engine/math.ts'],
    rules: {
      'no-restricted-properties': ['error', ...nondeterministic],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'No wall clock in shared/.' }],
    },
  },
  // The lab's pages: labels on controls, keyboard reachability, no div posing as a button (issue 18).
  { files: ['client/src/**/*.tsx'], ...jsxA11y.flatConfigs.recommended },
  // Hooks called conditionally, or effects that miss a dependency, show stale state (issue 13).
  {
    files: ['client/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
