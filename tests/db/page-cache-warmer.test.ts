import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { warmPageCache, type WarmedFile } from '../../electron/core/db/page-cache-warmer';
import { tempDir } from '../support/temp-dir';

describe('warming a big database file into the page cache', () => {
  it('reads the whole file once, in a worker thread, when it is big enough', async () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'big.db');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024 + 123, 7));
    const warmed = await new Promise<WarmedFile>((resolve, reject) => {
      const warmer = warmPageCache(file, { fromBytes: 1024 * 1024, onDone: resolve, onError: reject });
      // Closing after it is done is harmless.
      setTimeout(() => void warmer.close(), 5_000).unref();
    });
    expect(warmed.bytes).toBe(3 * 1024 * 1024 + 123);
    tmp.cleanup();
  });

  it('leaves a small file (tests, a quiet desk) and a missing one alone', async () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'small.db');
    writeFileSync(file, Buffer.alloc(1024));
    let done = false;
    await warmPageCache(file, { fromBytes: 1024 * 1024, onDone: () => (done = true) }).close();
    await warmPageCache(join(tmp.dir, 'missing.db'), { fromBytes: 0, onDone: () => (done = true) }).close();
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    tmp.cleanup();
  });

});
