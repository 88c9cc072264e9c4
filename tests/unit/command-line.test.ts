import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOnCommandLine, readCommandLine, redactSecrets } from '../../electron/core/util/command-line';
import { REPO_ROOT } from '../support/app-process';

const OPTIONS = { name: { type: 'string' }, db: { type: 'string', default: 'x.db' }, rename: { type: 'boolean', default: false } } as const;

describe('every CLI reads its command line one way', () => {
  it('reads the options it knows, with their defaults', () => {
    expect(readCommandLine(OPTIONS, ['--name', 'Sales'])).toEqual({ kind: 'run', values: { name: 'Sales', db: 'x.db', rename: false }, words: [] });
  });

  it('answers --help (and -h) with the usage, even beside options it does not know', () => {
    for (const args of [['--help'], ['-h'], ['--name', 'x', '--bogus', '--help']]) expect(readCommandLine(OPTIONS, args)).toEqual({ kind: 'help' });
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--name'], "Option '--name <value>' argument missing"],
    [['Sales'], "Unexpected argument 'Sales'"],
  ])('refuses %j in one line that names the problem', (args, error) => {
    expect(readCommandLine(OPTIONS, args)).toEqual({ kind: 'refused', error });
  });

  it('never echoes the value given to an option it does not know (a password typed on the command line)', () => {
    const line = readCommandLine(OPTIONS, ['--password=hunter2-secret']);
    expect(line).toEqual({ kind: 'refused', error: "Unknown option '--password'" });
    const word = readCommandLine(OPTIONS, ['postgres://ann:hunter2-secret@db.example/centre']);
    expect(JSON.stringify(word)).not.toContain('hunter2');
  });

  it('takes words only where the command says it does', () => {
    expect(readCommandLine(OPTIONS, ['board', 'sip'], true)).toMatchObject({ kind: 'run', words: ['board', 'sip'] });
  });

  it("is what each CLI under package.json's scripts uses (no hand-written parser, no bare parseArgs)", () => {
    const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const files = Object.values(scripts).flatMap((s) => [...s.matchAll(/tsx ([\w/.-]+\.ts)/g)].map((m) => m[1] as string));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const source = readFileSync(join(REPO_ROOT, file), 'utf8');
      // npm start hands its arguments to serve(), which reads them with the helper.
      const reads = file === 'electron/start.ts' ? /serve\(process\.argv/ : /commandLine(WithWords)?OrExit\(/;
      expect(source, file).toMatch(reads);
      expect(source, file).not.toMatch(/\bparseArgs\(/);
    }
  });
});

describe('redactSecrets', () => {
  it('hides the password of any URL in a text, and nothing else', () => {
    expect(redactSecrets('connect to postgres://ann:s3cr%40t@db.example:5432/centre failed')).toBe('connect to postgres://ann:***@db.example:5432/centre failed');
    expect(redactSecrets('postgresql://u:p@h/x and postgres://h/x')).toBe('postgresql://u:***@h/x and postgres://h/x');
    expect(redactSecrets('no url here: a:b@c')).toBe('no url here: a:b@c');
  });
});

describe('passwordOnCommandLine', () => {
  it('warns when an argument carries a URL with a password, without repeating it', () => {
    const warning = passwordOnCommandLine(['--db', 'postgres://frontline:s3cret@db.example:5432/centre']);
    expect(warning).toContain('visible to every user of this machine');
    expect(warning).not.toContain('s3cret');
    expect(passwordOnCommandLine(['--to=postgresql://u:p@h/d'])).not.toBeNull();
  });

  it('stays quiet for a URL without a password, a file name or an empty password', () => {
    expect(passwordOnCommandLine(['--db', 'postgres://frontline@db.example/centre'])).toBeNull();
    expect(passwordOnCommandLine(['--db', 'postgres://frontline:@db.example/centre'])).toBeNull();
    expect(passwordOnCommandLine(['--db', '/var/lib/frontline/centre.db', '--port', '5174'])).toBeNull();
  });
});
