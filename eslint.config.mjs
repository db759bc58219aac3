// ESLint (flat config): ESLint's and typescript-eslint's recommended rules, with type information (the project's
// tsconfig.json), over the TypeScript of lib/, test/ and bench/. `npm run lint`; `npm test` runs it before vitest.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Built output, generated files, data, and the AssemblyScript kernels (assembly/: their own types and
    // decorators, checked by asc).
    ignores: ['dist/', 'bench/*.js', 'output/', 'data/', 'results/', 'assembly/', 'notebooks/'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // tfjs' Callback methods return promises by contract; overrides that have nothing to await stay async.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks what is deliberately unused (as tsc's noUnusedParameters allows), and a rest
      // sibling drops a field from a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The kernels keep tfjs' own KernelFunc signature, whose backend is typed `{}`.
    files: ['lib/wasm/**/*.ts'],
    rules: { '@typescript-eslint/no-empty-object-type': 'off' },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.closeTo, …) and JSON.parse are typed `any`: the tests
    // check those values when they run.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.mts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
