import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { serverUrlProblem, type ServerLinkOptions } from './server-link';

/**
 * Where the desktop's core is (ADR 0031): embedded (its own SQLite file, the single-desk default)
 * or a team server. Kept in `desktop.json` in the data folder; FRONTLINE_SERVER_URL (with
 * FRONTLINE_SERVER_CA or FRONTLINE_SERVER_PIN, PEM files) overrides it for one run.
 */
export type DesktopTarget = { mode: 'embedded' } | { mode: 'server'; link: ServerLinkOptions };

const fileSchema = z.object({
  server: z
    .object({
      url: z.string().min(1),
      /** PEM file of a CA that signed the server's certificate. */
      ca: z.string().min(1).optional(),
      /** PEM file of the server's own certificate: only that one is accepted. */
      pinnedCertificate: z.string().min(1).optional(),
    })
    .strict()
    .refine((s) => s.ca === undefined || s.pinnedCertificate === undefined, 'give either "ca" or "pinnedCertificate", not both')
    .nullable()
    .optional(),
});
export type DesktopSettingsFile = z.infer<typeof fileSchema>;

export const desktopSettingsFile = (dataDir: string): string => join(dataDir, 'desktop.json');

function readPem(what: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the team server's ${what} ${file}: ${(error as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${file} is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)`);
  return text;
}

function target(server: { url: string; ca?: string | undefined; pinnedCertificate?: string | undefined }, origin: string): DesktopTarget {
  const problem = serverUrlProblem(server.url);
  if (problem !== null) throw new Error(`${origin}: ${problem}`);
  const trust = {
    ...(server.ca === undefined ? {} : { ca: readPem('CA certificate', server.ca) }),
    ...(server.pinnedCertificate === undefined ? {} : { pinnedCert: readPem('pinned certificate', server.pinnedCertificate) }),
  };
  return { mode: 'server', link: { url: server.url, trust } };
}

/** Reads where this desktop's core is; a broken file is a clear start-up error, never a silent fallback to the embedded core. */
export function loadDesktopTarget(dataDir: string, env: Readonly<Record<string, string | undefined>> = process.env): DesktopTarget {
  const url = env.FRONTLINE_SERVER_URL;
  if (url !== undefined && url !== '') {
    if (env.FRONTLINE_SERVER_CA && env.FRONTLINE_SERVER_PIN) throw new Error('FRONTLINE_SERVER_URL: set FRONTLINE_SERVER_CA or FRONTLINE_SERVER_PIN, not both');
    return target({ url, ca: env.FRONTLINE_SERVER_CA || undefined, pinnedCertificate: env.FRONTLINE_SERVER_PIN || undefined }, 'FRONTLINE_SERVER_URL');
  }
  const file = desktopSettingsFile(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { mode: 'embedded' };
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  const server = parsed.data.server;
  return server == null ? { mode: 'embedded' } : target(server, file);
}

/** Writes the choice (checked first, so a bad choice never replaces a good file). */
export function saveDesktopTarget(dataDir: string, settings: DesktopSettingsFile): void {
  const parsed = fileSchema.parse(settings);
  if (parsed.server != null) target(parsed.server, 'the team server');
  mkdirSync(dirname(desktopSettingsFile(dataDir)), { recursive: true, mode: 0o700 });
  writeFileSync(desktopSettingsFile(dataDir), `${JSON.stringify(parsed, null, 2)}\n`, { mode: 0o600 });
}
