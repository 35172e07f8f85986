import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @twinlab/client` proxies the API and the sync socket to a server on :8080;
// in production the server itself serves client/dist.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // three.js is one ES module of ~700 kB minified that no split can cut; everything else stays
    // well under this, so a new warning still means something grew.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Libraries in their own chunks: cached across releases, and the lobby never loads three.js.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'yjs', test: /node_modules[\\/](yjs|y-websocket|y-protocols|lib0)[\\/]/ },
            { name: 'schema', test: /node_modules[\\/](zod|yaml)[\\/]/ },
            { name: 'three', test: /node_modules[\\/]three[\\/]/ },
            {
              name: 'r3f',
              test: /node_modules[\\/](@react-three|three-stdlib|camera-controls|maath|troika-[a-z-]+|zustand|its-fine|suspend-react|@monogrid|meshline|stats-gl|@use-gesture|hls\.js|detect-gpu|tunnel-rat|react-use-measure|@mediapipe|@dimforge|draco3d)[\\/]/,
            },
            { name: 'uplot', test: /node_modules[\\/]uplot[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/sync': { target: 'ws://localhost:8080', ws: true },
    },
  },
});
