import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'];

/** What a command line asks for: run with these values, print the usage (exit 0), or refuse it (one line, then the usage; exit 2). */
export type CommandLine<O extends Options> = { kind: 'run'; values: Values<O>; words: string[] } | { kind: 'help' } | { kind: 'refused'; error: string };

const HELP = new Set(['--help', '-h']);

/**
 * Every CLI reads its arguments here (`util.parseArgs`, strict): an unknown option, a missing value
 * or a stray word (unless the command takes words, `allowWords`) is refused with parseArgs' own first
 * sentence ("Unknown option '--x'"), which names the option and never echoes an option's value.
 * `--help` (or -h) wins over everything else.
 */
export function readCommandLine<const O extends Options>(options: O, args: readonly string[], allowWords = false): CommandLine<O> {
  if (args.some((a) => HELP.has(a))) return { kind: 'help' };
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: allowWords });
    return { kind: 'run', values: values as Values<O>, words: positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'refused', error: redactSecrets(message.split(/\.\s/)[0] ?? message) };
  }
}

/** `readCommandLine` for a CLI's own process: prints and exits on `--help` (0) and on a refused line (2). */
export function commandLineOrExit<const O extends Options>(command: string, usage: string, options: O, args: readonly string[] = process.argv.slice(2)): Values<O> {
  return commandLineWithWordsOrExit(command, usage, options, args, false).values;
}

/** `commandLineOrExit` for a command that also takes words (`npm run bench -- board sip`). */
export function commandLineWithWordsOrExit<const O extends Options>(
  command: string,
  usage: string,
  options: O,
  args: readonly string[] = process.argv.slice(2),
  allowWords = true,
): { values: Values<O>; words: string[] } {
  const line = readCommandLine(options, args, allowWords);
  if (line.kind === 'run') {
    const warning = passwordOnCommandLine(args);
    if (warning !== null) console.error(`${command}: ${warning}`);
    return line;
  }
  if (line.kind === 'help') {
    console.log(usage);
    process.exit(0);
  }
  console.error(`${command}: ${line.error}\n${usage}`);
  process.exit(2);
}

const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s@/]+@/i;

/**
 * A warning when an argument carries a URL with a password (`--db postgres://user:password@…`):
 * every local user can read a process's arguments (`ps`, /proc/PID/cmdline) for as long as it runs.
 * The same URL without the password works with PGPASSWORD or ~/.pgpass (read by `pg`), or the whole
 * URL in the command's environment variable (FRONTLINE_DB), which other users cannot read.
 */
export function passwordOnCommandLine(args: readonly string[]): string | null {
  if (!args.some((a) => URL_WITH_PASSWORD.test(a))) return null;
  return 'warning: a password on the command line is visible to every user of this machine (ps) while the command runs; leave it out of the URL and set PGPASSWORD or ~/.pgpass, or pass the whole URL in FRONTLINE_DB';
}

/** A database URL's password (postgres://user:password@host) replaced by *** wherever it appears in a text meant for people. */
export function redactSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s@/]*@/gi, '$1***@');
}

/**
 * The end of a CLI's main: its exit code, or — for an error nobody turned into a message — one
 * line naming the command and the error (redacted: a connection string's password never reaches
 * the terminal or a log collecting it), exit 1. No stack trace: the operator can do nothing with it.
 */
export function finishCommand(command: string, run: Promise<number>): void {
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`${command} failed: ${redactSecrets(message)}`);
      process.exitCode = 1;
    },
  );
}
