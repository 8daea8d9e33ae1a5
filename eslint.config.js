import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readFileSync, readdirSync } from 'node:fs';

// The training-method ids, read from the cards (`const id = '…'` in src/core/train/methods/*.ts), so the
// rule below needs no list of its own.
const METHODS_DIR = new URL('./src/core/train/methods/', import.meta.url);
const METHOD_IDS = readdirSync(METHODS_DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => /^const id = '([^']+)';$/m.exec(readFileSync(new URL(f, METHODS_DIR), 'utf8'))?.[1])
  .filter(Boolean);
const methodIdLiteral = `Literal[value=/^(${METHOD_IDS.join('|')})$/]`;
const METHOD_ID_MESSAGE = 'Refer to the method by its card (e.g. `pgdAt.id`), not by its id string.';

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
    // The core must stay pure: no DOM, no React, no host-specific backend, nothing of the hosts above it.
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
            {
              group: ['**/app/**', '**/worker/**', '**/node/**', '**/cli/**'],
              message: 'src/core is the bottom layer: it may not import the app, the worker or a host.',
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
  {
    // A training method's card is read on the UI thread: tfjs and the engine only as types (they come in
    // through `build(lib)`); values only from the tfjs-free modules below (docs/architecture.md#cards).
    files: ['src/core/train/methods/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!\\.\\./card$|\\.\\./at-lr-naming$|\\.\\./settings/[\\w-]+$|\\.\\./\\.\\./attacks/attack-ids$)',
              allowTypeImports: true,
              message:
                'A card imports tfjs and the engine as types only; its step uses the blocks `build(lib)` receives.',
            },
          ],
        },
      ],
    },
  },
  {
    // A model's card is pure data read on the UI thread: zod, the other cards, the shared number fields.
    files: ['src/core/models/cards/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.\\./card$|\\./[\\w-]+$|\\.\\./\\.\\./schema-numbers$)',
              allowTypeImports: true,
              message:
                'A model card is data: zod and the other cards only; the builders are in ../registry.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // A method's settings section is pure data read with its card on the UI thread: zod and tfjs-free lists.
    files: ['src/core/train/settings/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!zod$|\\./section$|\\.\\./\\.\\./schema-numbers$|\\.\\./\\.\\./analysis/mvl$|\\.\\./\\.\\./analysis/corruption/kinds$)',
              allowTypeImports: true,
              message: 'A settings section is data: zod and the tfjs-free option lists only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The app draws: it reads the core's cards, schemas and types, and never loads tfjs or the engine.
    files: ['src/app/**/*.ts', 'src/app/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*', '**/core/tf'],
              allowTypeImports: true,
              message: 'tfjs runs in the worker only: the app talks to it through src/app/engine.ts.',
            },
            {
              group: [
                '**/core/train/registry',
                '**/core/train/lib',
                '**/core/train/trainer',
                '**/core/train/runner',
                '**/core/attacks/registry',
                '**/core/analysis/registry',
              ],
              allowTypeImports: true,
              message:
                'The engine runs in the worker: the app reads the cards (core/train/cards.ts, core/attacks/cards.ts) and types.',
            },
          ],
        },
      ],
    },
  },
  {
    // A method id is written once, in its card; everything else refers to the card.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/core/train/methods/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Property[key.name='method'] > ${methodIdLiteral}`, message: METHOD_ID_MESSAGE },
        {
          selector: `BinaryExpression[left.property.name='method'] > ${methodIdLiteral}`,
          message: METHOD_ID_MESSAGE,
        },
        {
          selector: `BinaryExpression[right.property.name='method'] > ${methodIdLiteral}`,
          message: METHOD_ID_MESSAGE,
        },
        { selector: `BinaryExpression[left.name='method'] > ${methodIdLiteral}`, message: METHOD_ID_MESSAGE },
      ],
    },
  },
);
