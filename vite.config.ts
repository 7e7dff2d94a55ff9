// The browser app (src/ui) as a static bundle in dist/ui: `npm run build:ui`, run by `npm install`
// (prepare) and by `npm start` when the sources are newer than the bundle (bin/serve.js).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/**
 * The one library module that touches the file system (src/xlsx/file.ts, saving atomically) is
 * swapped for a browser stand-in: the app downloads the bytes instead.
 */
function browserAdapters(): Plugin {
  const libraryFile = here('./src/xlsx/file.ts');
  return {
    name: 'gradsheet-browser-adapters',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/(^|\/)file\.js$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === libraryFile ? here('./src/ui/adapters/file.ts') : null;
    },
  };
}

export default defineConfig({
  root: here('./src/ui'),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [browserAdapters()],
  worker: { format: 'es', plugins: () => [browserAdapters()] },
  build: {
    outDir: here('./dist/ui'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  server: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
  preview: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
});
