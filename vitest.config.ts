import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,server,client,infra}/**/*.test.ts', '{shared,server,client,infra}/**/*.test.tsx'],
    exclude: ['**/node_modules/**', '**/.tsbuild/**'],
    testTimeout: 60_000,
    // The browser lab is built once for every e2e file (client/e2e/global-setup.mjs).
    globalSetup: ['client/e2e/global-setup.mjs'],
    // Run tests as plain Node ESM (TypeScript through tsx's loader) instead of Vite's module
    // runner: the engine runs several times faster, as it does in the CLI and the benchmarks.
    execArgv: ['--import', 'tsx'],
    experimental: { viteModuleRunner: false, nodeLoader: false },
  },
});
