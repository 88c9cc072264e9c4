import { join } from 'node:path';
import { resolveConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/app-process';
import { rendererBuildWarning } from '../../vite.config';

describe('the renderer build', () => {
  it('is a production build even when the shell has NODE_ENV=test or development', async () => {
    const before = process.env.NODE_ENV;
    try {
      for (const shell of ['test', 'development']) {
        process.env.NODE_ENV = shell;
        const config = await resolveConfig({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent' }, 'build');
        // What decides React's build (process.env.NODE_ENV in the bundle) and plugin-react's JSX runtime.
        expect({ shell, isProduction: config.isProduction, nodeEnv: process.env.NODE_ENV }).toEqual({ shell, isProduction: true, nodeEnv: 'production' });
      }
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('leaves the development server in development', async () => {
    const before = process.env.NODE_ENV;
    try {
      delete process.env.NODE_ENV;
      const config = await resolveConfig({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent' }, 'serve');
      expect(config.isProduction).toBe(false);
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it("hides only a dependency's misplaced #__PURE__ annotation from the build's warnings (npm start shows a clean build), never ours or any other", () => {
    const shown: string[] = [];
    const show = (w: { code?: string; id?: string }) => shown.push(`${w.code}:${w.id}`);
    const zod = `${REPO_ROOT}/node_modules/zod/v4/core/util.js`;
    rendererBuildWarning({ code: 'INVALID_ANNOTATION', id: zod, message: 'annotation that Rollup cannot interpret' }, show);
    rendererBuildWarning({ code: 'INVALID_ANNOTATION', id: `${REPO_ROOT}/renderer/src/main.tsx`, message: 'ours' }, show);
    rendererBuildWarning({ code: 'CIRCULAR_DEPENDENCY', id: zod, message: 'a real problem' }, show);
    expect(shown).toEqual([`INVALID_ANNOTATION:${REPO_ROOT}/renderer/src/main.tsx`, `CIRCULAR_DEPENDENCY:${zod}`]);
  });
});
