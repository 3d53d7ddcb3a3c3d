import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { buildVectors, vectorPath } from '../support/vectors';

const path = vectorPath('typescript');

// VECTORS_WRITE=1 rewrites the file; otherwise the committed file must be exactly what this code builds.
it('typescript.json is what the TypeScript generator builds', async () => {
  const text = `${JSON.stringify(await buildVectors(), null, 2)}\n`;
  if (process.env.VECTORS_WRITE === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } else {
    expect(readFileSync(path, 'utf8'), 'run VECTORS_WRITE=1 npx vitest run to regenerate').toBe(text);
  }
});
