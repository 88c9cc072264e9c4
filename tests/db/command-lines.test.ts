import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../electron/core/db/store';
import { REPO_ROOT } from '../support/app-process';
import { tempDir } from '../support/temp-dir';
import { describeOnPostgres, freshPostgresDatabase } from '../support/test-stores';

const tmp = tempDir('frontline-command-lines-');
afterAll(() => tmp.cleanup());

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CLI as `npm run NAME -- …` runs it, in a scratch folder whose data directory is its own. */
function cli(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      join(REPO_ROOT, 'node_modules/.bin/tsx'),
      [join(REPO_ROOT, file), ...args],
      { cwd: tmp.dir, env: { ...process.env, FRONTLINE_DATA_DIR: join(tmp.dir, 'data'), FRONTLINE_DB: '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

const CLIS = {
  queue: 'electron/core/calls/queue-cli.ts',
  supervisor: 'electron/core/agents/supervisor-cli.ts',
  'pbx-credential': 'electron/core/auth/pbx-credential-cli.ts',
  serve: 'electron/server/serve.ts',
} as const;

const STACK_LINE = /^\s+at /m;

describe.concurrent('the CLIs answer --help and refuse a bad command line without a stack trace', { timeout: 180_000 }, () => {
  for (const [name, file] of Object.entries(CLIS)) {
    it(`${name} --help prints its usage and exits 0`, async () => {
      const r = await cli(file, ['--help']);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^npm run ${name} -- `));
    });

    it(`${name} refuses an unknown option: one line naming it, the usage, exit 2`, async () => {
      const r = await cli(file, ['--bogus']);
      expect(r.code).toBe(2);
      const [first, ...rest] = r.stderr.split('\n');
      expect(first).toBe(`${name}: Unknown option '--bogus'`);
      expect(rest.join('\n')).toMatch(new RegExp(`^npm run ${name} -- `));
      expect(r.stderr).not.toMatch(STACK_LINE);
    });
  }

  it('queue refuses an option given without its value, exit 2', async () => {
    const r = await cli(CLIS.queue, ['--name']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("queue: Option '--name <value>' argument missing");
  });
});

describe.concurrent('what the CLIs refuse, said in one line', { timeout: 180_000 }, () => {
  it('queue refuses "sales" beside the starting "Sales", naming it (exit 2)', async () => {
    const r = await cli(CLIS.queue, ['--name', 'sales', '--db', join(tmp.dir, 'case.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^queue: queue "Sales" \(#\d+\) already exists: queue names ignore case/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('queue refuses a 500-character name, stating the limit (exit 2)', async () => {
    const r = await cli(CLIS.queue, ['--name', 'Q'.repeat(500), '--db', join(tmp.dir, 'long.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^queue: a queue name is at most 64 characters \(this one has 500\)/);
  });

  it('supervisor refuses an extension like "../../x" (exit 2)', async () => {
    const r = await cli(CLIS.supervisor, ['--name', 'Jo Bloggs', '--extension', '../../x', '--db', join(tmp.dir, 'sup.db')], { FRONTLINE_SUPERVISOR_PASSWORD: 'long-enough-password' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^supervisor: extension "..\/..\/x" refused: an extension is 1–32 letters, digits, dot, dash or underscore/);
  });

  it("never prints a postgres:// URL's password when the database cannot be reached (the password warning, then one line; exit 1)", async () => {
    const r = await cli(CLIS.queue, ['--name', 'Escalations', '--db', 'postgres://ann:hunter2-secret@127.0.0.1:1/centre']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    const [warning, failure, ...rest] = r.stderr.trimEnd().split('\n');
    expect(warning).toMatch(/^queue: warning: a password on the command line is visible to every user of this machine/);
    expect(failure).toMatch(/^queue failed: .*ECONNREFUSED/);
    expect(rest).toEqual([]);
  });
});

describeOnPostgres('pbx-credential on a team database', () => {
  it('issues the credential into the PostgreSQL database named by --db postgres://… (not a SQLite file named after the URL)', async () => {
    const db = await freshPostgresDatabase();
    try {
      // The password in PGPASSWORD, as the CLIs advise (a command line's is visible to every user): nothing on stderr.
      const url = new URL(db.url);
      const password = decodeURIComponent(url.password);
      url.password = '';
      const r = await cli(CLIS['pbx-credential'], ['--label', 'Kamailio pbx1', '--db', url.toString()], { PGPASSWORD: password });
      expect(r).toMatchObject({ code: 0, stderr: '' });
      const store = openPostgresStore(db.url, { maxConnections: 1 });
      try {
        expect(await store.db.selectFrom('pbx_credentials').select('label').execute()).toEqual([{ label: 'Kamailio pbx1' }]);
      } finally {
        await store.close();
      }
    } finally {
      await db.drop();
    }
  }, 120_000);
});
