import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealedFile } from '../../electron/main/sealed-file';
import { keychain } from '../support/keychain';
import { seedStoredSession } from '../../electron/preload/bridge';
import { IPC_STORED_SESSION, SESSION_TOKEN_KEY } from '../../shared/contract/ipc-channels';
import { tempDir } from '../support/temp-dir';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;
const file = () => join(tmp.dir, `session-${++n}.sealed`);
const TOKEN = 'tok_3q2+7w-session-token-of-the-desk';

describe('a secret sealed with the OS keychain (safeStorage seam)', () => {
  it('comes back after a restart, and the file holds neither the token nor anything readable by others', () => {
    const f = file();
    const chain = keychain();
    sealedFile(f, chain).save(TOKEN);
    expect(readFileSync(f).includes(Buffer.from(TOKEN))).toBe(false);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(sealedFile(f, chain).load()).toBe(TOKEN);
  });

  it('is forgotten on sign-out (null removes the file)', () => {
    const f = file();
    const vault = sealedFile(f, keychain());
    vault.save(TOKEN);
    vault.save(null);
    expect(existsSync(f)).toBe(false);
    expect(vault.load()).toBeNull();
  });

  it('is never written in plain text: without a keychain, or with Linux built-in-key fallback, only memory keeps it', () => {
    for (const chain of [keychain({ available: false }), keychain({ backend: 'basic_text' })]) {
      const f = file();
      writeFileSync(f, 'stale');
      const problems: string[] = [];
      const vault = sealedFile(f, chain, (m) => problems.push(m));
      expect(vault.available).toBe(false);
      vault.save(TOKEN);
      vault.save(`${TOKEN}-2`);
      expect(existsSync(f)).toBe(false);
      expect(vault.load()).toBeNull();
      expect(problems).toEqual([expect.stringMatching(/kept in memory only/)]);
    }
  });

  it('reads as nothing, and is removed, when this keychain cannot open it (another user, a new keychain, damage)', () => {
    const f = file();
    sealedFile(f, keychain()).save(TOKEN);
    const problems: string[] = [];
    expect(sealedFile(f, keychain(), (m) => problems.push(m)).load()).toBeNull();
    expect(existsSync(f)).toBe(false);
    expect(problems[0]).toMatch(/cannot be opened with this keychain/);
  });
});

describe("the desktop page's start (preload)", () => {
  const storage = (initial: Record<string, string> = {}) => {
    const map = new Map(Object.entries(initial));
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
  };

  it('hands the page the sealed token from before a restart, so it resumes that session', () => {
    const asked: string[] = [];
    const s = storage();
    seedStoredSession({ sendSync: (channel) => (asked.push(channel), TOKEN) }, s);
    expect(asked).toEqual([IPC_STORED_SESSION]);
    expect(s.map.get(SESSION_TOKEN_KEY)).toBe(TOKEN);
  });

  it("keeps the page's own token after a reload, and sets nothing when main has none", () => {
    const reloaded = storage({ [SESSION_TOKEN_KEY]: 'current' });
    seedStoredSession({ sendSync: () => TOKEN }, reloaded);
    expect(reloaded.map.get(SESSION_TOKEN_KEY)).toBe('current');
    const fresh = storage();
    seedStoredSession({ sendSync: () => null }, fresh);
    expect(fresh.map.has(SESSION_TOKEN_KEY)).toBe(false);
  });
});
