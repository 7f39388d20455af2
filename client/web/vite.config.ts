import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app: `npm run build:web` writes client/web/dist, which the server serves; `npm run dev:web`
 * serves it with hot reload and hands the API and the socket to a server running on port 3000
 * (DEV_API to point elsewhere).
 */
export default defineConfig({
  root,
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: {
    proxy: {
      '/api': process.env.DEV_API ?? 'http://localhost:3000',
      '/socket.io': { target: process.env.DEV_API ?? 'http://localhost:3000', ws: true },
    },
  },
});
