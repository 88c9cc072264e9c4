import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * The part of Electron's `safeStorage` this uses. Injected, so the logic runs in Node tests (the
 * Electron binary cannot run there) and main.ts only hands over `safeStorage` itself.
 */
export interface Encryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux: which keyring backs it; 'basic_text' is a key built into Chromium, not the OS keychain. */
  getSelectedStorageBackend?(): string;
}

/** One secret kept in a file, sealed by the OS keychain (ADR 0038). */
export interface SealedValue {
  /** The OS keychain can seal here; when false nothing is written and the value lives in memory only. */
  readonly available: boolean;
  load(): string | null;
  /** null forgets it (the file is removed). */
  save(value: string | null): void;
}

/** Backends that do not protect anything: a fixed built-in key, or none found. */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

function forget(file: string): void {
  rmSync(file, { force: true });
}

/**
 * A secret at rest in `file`, sealed with `encryptor` (Electron's safeStorage). Never written in
 * plain text: without a keychain (or with Linux's built-in-key fallback) `save` only removes any old
 * file and the caller keeps the secret in memory. A file the keychain can no longer open (another
 * user, a new keychain, damage) is removed and reads as nothing. Written atomically, owner-only.
 */
export function sealedFile(file: string, encryptor: Encryptor, onProblem: (message: string) => void = () => undefined): SealedValue {
  const available = ((): boolean => {
    try {
      if (!encryptor.isEncryptionAvailable()) return false;
      return !WEAK_BACKENDS.has(encryptor.getSelectedStorageBackend?.() ?? 'os');
    } catch {
      return false;
    }
  })();
  let warned = false;
  return {
    available,
    load() {
      if (!available) return null;
      let sealed: Buffer;
      try {
        sealed = readFileSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`cannot read ${file}: ${(error as Error).message}`);
        return null;
      }
      try {
        return encryptor.decryptString(sealed);
      } catch (error) {
        onProblem(`${file} cannot be opened with this keychain (${(error as Error).message}): forgotten`);
        forget(file);
        return null;
      }
    },
    save(value) {
      if (value === null || !available) {
        forget(file);
        if (value !== null && !warned) {
          warned = true;
          onProblem('no OS keychain to seal secrets with: the session is kept in memory only (sign in again after a restart)');
        }
        return;
      }
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, encryptor.encryptString(value), { mode: 0o600 });
      renameSync(temporary, file);
    },
  };
}
