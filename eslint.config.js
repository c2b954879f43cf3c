import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Dependencies point down ARCHITECTURE.md §2: each folder lists the internal folders it may not import.
const boundaries = {
  schemas: ['core', 'collector', 'query', 'cli', 'plugins', 'eval-engine', 'bench'],
  core: ['collector', 'query', 'cli', 'plugins', 'eval-engine', 'bench'],
  collector: ['query', 'cli', 'plugins', 'eval-engine', 'bench'],
  query: ['collector', 'cli', 'plugins', 'eval-engine', 'bench'],
  plugins: ['collector', 'query', 'cli', 'bench', 'console'],
  // The evaluator runtimes and the experiment engine: built on the public plugin contract, under the plugins.
  'eval-engine': [
    'collector',
    'query',
    'cli',
    'bench',
    'console',
    'plugins/host',
    'plugins/prompts',
    'plugins/datasets',
    'plugins/evals',
  ],
  // The web console talks to the REST API only: it keeps its own copies of the wire types.
  console: ['schemas', 'core', 'collector', 'query', 'cli', 'plugins', 'eval-engine', 'bench'],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'console/dist/**',
      'test-results/**',
      '.data/**',
      'bin/**',
      '.*.ts',
      '.*.mjs',
      'scripts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'List exports explicitly (no export *).' },
      ],
    },
  },
  ...Object.entries(boundaries).map(([folder, banned]) => ({
    files: [`${folder}/**/*.ts`, `${folder}/**/*.tsx`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: banned.map((b) => ({
            group: [`**/${b}/*`, `**/${b}`],
            message: `${folder}/ may not import ${b}/`,
          })),
        },
      ],
    },
  })),
  {
    files: [
      'schemas/**/*.ts',
      'core/**/*.ts',
      'collector/**/*.ts',
      'query/**/*.ts',
      'plugins/**/*.ts',
      'eval-engine/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only cli/ reads process.env; pass config down.' },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
