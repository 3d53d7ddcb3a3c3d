import { defineConfig } from 'vitest/config';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

// Every module in src/pages is one page's entry point; Qute templates load them as /app/<name>.js.
const pages = Object.fromEntries(
  readdirSync(resolve(__dirname, 'src/pages'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f.replace(/\.ts$/, ''), resolve(__dirname, 'src/pages', f)]),
);

export default defineConfig({
  build: {
    outDir: resolve(__dirname, '../target/classes/META-INF/resources/app'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: pages,
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name][extname]',
      },
    },
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
