import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/app-process';
import { tempDir } from '../support/temp-dir';

describe('serve', () => {
  it('says plainly that the port is taken, and exits non-zero', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const tmp = tempDir();
    const run = spawnSync('npx', ['tsx', 'electron/server/serve.ts', '--port', String(port), '--demo-customers', '50'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, FRONTLINE_DB: join(tmp.dir, 'x.db'), FRONTLINE_LOG_LEVEL: 'silent' },
    });
    blocker.close();
    tmp.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
  });
});
