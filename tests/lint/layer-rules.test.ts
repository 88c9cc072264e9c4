import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** Lint a snippet as if it lived at `file`, returning the rule ids that fired. */
async function rulesFiredFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('layer rules (DESIGN.md) fail the lint', () => {
  it('when shared/ imports a Node module', async () => {
    expect(await rulesFiredFor('shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('when shared/ touches a DOM or Node global', async () => {
    expect(await rulesFiredFor('shared/domain/x.ts', 'export const w = window.location.href;\n')).toContain('no-restricted-globals');
    expect(await rulesFiredFor('shared/domain/x.ts', 'export const p = process.env.HOME;\n')).toContain('no-restricted-globals');
  });

  it('when shared/ imports from electron/ or renderer/', async () => {
    expect(
      await rulesFiredFor('shared/domain/x.ts', "import { createCore } from '../../electron/core/create-core';\nexport const c = createCore;\n"),
    ).toContain('import-x/no-restricted-paths');
  });

  it('when electron/core imports electron', async () => {
    expect(await rulesFiredFor('electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('when electron/core imports a host', async () => {
    expect(
      await rulesFiredFor('electron/core/x.ts', "import { startHttpHost } from '../server/http-host';\nexport const s = startHttpHost;\n"),
    ).toContain('import-x/no-restricted-paths');
  });

  it('when the renderer imports Node-side code or Node modules', async () => {
    expect(
      await rulesFiredFor('renderer/src/x.ts', "import { createCore } from '../../electron/core/create-core';\nexport const c = createCore;\n"),
    ).toContain('import-x/no-restricted-paths');
    expect(await rulesFiredFor('renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await rulesFiredFor('renderer/src/x.ts', "import { join } from 'node:path';\nexport const j = join;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('when a renderer feature reaches into another feature instead of its index.ts', async () => {
    const deep = "import { createSessionStore } from '../session/session-store';\nexport const c = createSessionStore;\n";
    expect(await rulesFiredFor('renderer/src/features/x/y.ts', deep)).toContain('no-restricted-imports');
    const fromApp = "import { createSessionStore } from '../features/session/session-store';\nexport const c = createSessionStore;\n";
    expect(await rulesFiredFor('renderer/src/app/y.ts', fromApp)).toContain('no-restricted-imports');
    const viaIndex = "import { createSessionStore } from '../session';\nexport const c = createSessionStore;\n";
    expect(await rulesFiredFor('renderer/src/features/x/y.ts', viaIndex)).toEqual([]);
  });

  it('when preload imports the main process (IPC channel names come from shared/contract)', async () => {
    const code = "import { bindIpc } from '../main/ipc-binding';\nexport const b = bindIpc;\n";
    expect(await rulesFiredFor('electron/preload/x.ts', code)).toContain('import-x/no-restricted-paths');
  });

  it('and stay quiet for allowed imports (shared from renderer and core)', async () => {
    expect(await rulesFiredFor('renderer/src/x.ts', "import { formatE164 } from '../../shared/domain/phone';\nexport const f = formatE164;\n")).toEqual([]);
    expect(
      await rulesFiredFor('electron/core/x.ts', "import { formatE164 } from '../../shared/domain/phone';\nexport const f = formatE164;\n"),
    ).toEqual([]);
  });
});

describe('tests reach the raw SQLite handle only where the SQLite adapter is their subject (issue 10 item 5)', () => {
  it('fails the lint when a test reads the core or store through the raw handle', async () => {
    for (const code of [
      "export const n = fx.core.connection.raw.prepare('SELECT 1').get();\n",
      "export const n = app.fx.core.store.raw.prepare('SELECT 1').all();\n",
      "export const w = conn.raw.pragma('journal_mode');\n",
      'export const { raw } = core.store;\n',
    ]) {
      expect(await rulesFiredFor('tests/db/x.test.ts', `declare const fx: any, app: any, conn: any, core: any;\n${code}`), code).toContain('no-restricted-syntax');
    }
  });

  it('stays quiet for the portable face, sql.raw, and the SQLite-adapter tests and benchmarks on the allow-list', async () => {
    const portable = "declare const fx: any, sql: any;\nexport const r = [queryRows(fx.core.store, 'SELECT 1'), sql.raw('x')];\ndeclare function queryRows(...a: unknown[]): unknown;\n";
    expect(await rulesFiredFor('tests/db/x.test.ts', portable)).not.toContain('no-restricted-syntax');
    const raw = "declare const conn: any;\nexport const w = conn.raw.pragma('journal_mode');\n";
    expect(await rulesFiredFor('tests/db/migrations.test.ts', raw)).not.toContain('no-restricted-syntax');
    expect(await rulesFiredFor('tests/bench/x.bench.ts', raw)).not.toContain('no-restricted-syntax');
  });
});
