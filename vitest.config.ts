import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,server,client,infra}/**/*.test.ts', '{shared,server,client,infra}/**/*.test.tsx'],
    exclude: ['**/node_modules/**', '**/.tsbuild/**'],
    testTimeout: 60_000,
  },
});
