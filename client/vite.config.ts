import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @twinlab/client` proxies the API and the sync socket to a server on :8080;
// in production the server itself serves client/dist.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/sync': { target: 'ws://localhost:8080', ws: true },
    },
  },
});
