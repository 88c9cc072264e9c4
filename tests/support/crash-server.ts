import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { REPO_ROOT } from './app-process';

/**
 * The real server (electron/server/serve.ts) as a child process that a test may SIGKILL at any
 * moment. serve.ts is bundled once per run with esbuild (starting it through tsx costs ~3 s a
 * time; the bundle ~0.3 s), better-sqlite3 stays a native external loaded from the repo.
 *
 * To keep 200+ restarts quick, the next process is spawned ahead as a "standby": it loads the
 * bundle (no database access: every module is side-effect free until serve() runs) and waits
 * for its arguments on stdin. Everything that touches the database after a crash (first-run
 * check, migrations, wrap-up recovery, listening) still runs from serve() after the kill.
 */

export interface ServerBundle {
  /** The launcher a standby runs: imports the bundle, then calls serve(argv read from stdin). */
  launcher: string;
}

const LAUNCHER = `import { serve } from './frontline-serve.mjs';
// The parent going away (its end of stdin closes) takes this process with it.
process.stdin.on('end', () => process.exit(0));
process.stdin.once('data', (chunk) => {
  serve(JSON.parse(String(chunk))).catch((error) => {
    console.error('Frontline server failed to start:', error);
    process.exit(1);
  });
});
`;

/** Bundle serve.ts into `dir` (about 0.1 s). */
export async function bundleServer(dir: string): Promise<ServerBundle> {
  const fromRepo = createRequire(join(REPO_ROOT, 'package.json'));
  await build({
    // The server, and the board's worker thread next to it (where a bundled host looks for it).
    entryPoints: {
      'frontline-serve': join(REPO_ROOT, 'electron', 'server', 'serve.ts'),
      'board-aggregates-worker': join(REPO_ROOT, 'electron', 'core', 'board', 'aggregate-worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
    // Some bundled CommonJS packages call require() on Node built-ins.
    banner: { js: "import { createRequire as __crashRequire } from 'node:module'; const require = __crashRequire(import.meta.url);" },
    plugins: [
      {
        name: 'native-from-repo',
        setup(b) {
          // The native module cannot be bundled: load it from the repo's node_modules by absolute URL.
          b.onResolve({ filter: /^better-sqlite3$/ }, (args) => ({ path: pathToFileURL(fromRepo.resolve(args.path)).href, external: true }));
        },
      },
    ],
  });
  const launcher = join(dir, 'frontline-standby.mjs');
  writeFileSync(launcher, LAUNCHER);
  return { launcher };
}

export interface RunningServer {
  url: string;
  apiUrl: string;
  pid: number;
  /** stdout + stderr so far (for failure messages). */
  output(): string;
  /** SIGKILL: no handler runs, nothing is flushed beyond what the OS already has. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the server closes the database cleanly. */
  stop(): Promise<void>;
}

export interface ServerRunnerOptions {
  bundle: ServerBundle;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/** Starts the server again and again on one database file, always keeping one warm standby process ready. */
export class ServerRunner {
  private standby: ChildProcess | null = null;
  /** Every process this runner started, so close() leaves none behind even when a test fails mid-round. */
  private readonly children = new Set<ChildProcess>();
  private readonly env: NodeJS.ProcessEnv;
  private readonly startTimeoutMs: number;

  constructor(private readonly options: ServerRunnerOptions) {
    this.env = { ...process.env, FRONTLINE_LOG_LEVEL: 'warn', ...options.env };
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
  }

  private spawnStandby(): ChildProcess {
    const child = spawn(process.execPath, [this.options.bundle.launcher], { cwd: REPO_ROOT, env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Start serving `dbFile` (passing serve.ts's own flags) and resolve once it prints its URL. */
  start(args: string[]): Promise<RunningServer> {
    const child = this.standby ?? this.spawnStandby();
    this.standby = null;
    let output = '';
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const kill = async (signal: NodeJS.Signals): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    };
    const ready = new Promise<RunningServer>((resolve, reject) => {
      const timer = setTimeout(() => {
        void kill('SIGKILL');
        reject(new Error(`server did not start within ${this.startTimeoutMs} ms:\n${output}`));
      }, this.startTimeoutMs);
      const onData = (chunk: Buffer): void => {
        output = (output + chunk.toString()).slice(-20_000);
        const match = /Frontline is serving at (http:\/\/\S+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.stdout?.on('data', (more: Buffer) => (output = (output + more.toString()).slice(-20_000)));
          const url = match[1];
          resolve({
            url,
            apiUrl: `${url.replace(/^http/, 'ws')}api`,
            pid: child.pid ?? -1,
            output: () => output,
            kill: () => kill('SIGKILL'),
            stop: () => kill('SIGTERM'),
          });
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before serving:\n${output}`));
      });
    });
    child.stdin?.write(JSON.stringify(args));
    // The next restart's process loads its modules while this one works.
    void ready.then(() => {
      if (this.standby === null) this.standby = this.spawnStandby();
    }, () => undefined);
    return ready;
  }

  /** Kill the standby and any server still running (call once at the end). */
  async close(): Promise<void> {
    this.standby = null;
    await Promise.all(
      [...this.children].map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        return gone;
      }),
    );
  }
}
