import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'runs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/app/**/*.tsx', 'src/app/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The core must stay pure: no DOM, no React, no host-specific backend.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'd3', 'plotly.js*'],
              message: 'src/core is pure: no UI libraries.',
            },
            {
              group: ['@tensorflow/tfjs-backend-*'],
              message: 'Backends are chosen by the host, not the core.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'tf',
          property: 'sign',
          message: "wasm's Sign returns 0 for |x| < 1.19e-7: use `sign` from src/core/ops.ts.",
        },
        {
          object: 'tf',
          property: 'maxPool',
          message:
            'backends send a tied window’s gradient to different maxima: use `maxPool2x2` from src/core/ops.ts.',
        },
      ],
    },
  },
);
