import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket, type ClientOptions } from 'ws';
import type { ResponseFrame } from '../../shared/contract/wire';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { tempDir } from '../support/temp-dir';

/**
 * The probe suite's rig: the real server process (`node --import tsx electron/server/serve.ts`,
 * the same code `npm run serve` runs) on a fresh database, probed over real sockets.
 */
export interface ProbedServer {
  app: AppProcess;
  url: string;
  apiUrl: string;
  dbFile: string;
  dataDir: string;
  /** The demo supervisor of a first run, with the random password the server printed once. */
  demoSupervisor(): { extension: string; password: string };
  stop(): Promise<void>;
}

/**
 * `prepare` runs on the database file before the server starts (e.g. a CRM without the demo
 * supervisor, so a host beyond loopback may start: it refuses while a demo credential exists).
 */
export async function startProbedServer(env: Record<string, string> = {}, args: string[] = [], prepare?: (dbFile: string) => Promise<unknown>): Promise<ProbedServer> {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'frontline-data');
  const dbFile = join(dataDir, 'frontline.db');
  if (prepare !== undefined) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    await prepare(dbFile);
  }
  const app = await startAppProcess(
    process.execPath,
    ['--import', 'tsx', 'electron/server/serve.ts', '--port', '0', '--demo-customers', '300', ...args],
    { FRONTLINE_DATA_DIR: dataDir, FRONTLINE_DB: dbFile, FRONTLINE_LOG_LEVEL: 'silent', ...env },
    120_000,
  );
  return {
    app,
    url: app.url,
    apiUrl: `${app.url.replace(/^http/, 'ws')}api`,
    dbFile,
    dataDir,
    demoSupervisor() {
      const m = /Demo supervisor .*: extension (\S+), password (\S+) /.exec(app.output());
      if (m?.[1] === undefined || m[2] === undefined) throw new Error('the server printed no demo supervisor (not a first run?)');
      return { extension: m[1], password: m[2] };
    },
    async stop() {
      await app.stop();
      tmp.cleanup();
    },
  };
}

/** Resident memory of a process, from /proc (Linux), in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** One line per figure, easy to find in the test output and to copy into docs/BENCHMARKS.md. */
export function figure(probe: string, text: string): void {
  console.log(`[security probe] ${probe}: ${text}`);
}

/** A WebSocket client that answers requests in order of ids. */
export class ProbeClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (frame: ResponseFrame) => void>();
  readonly events: { event: string; payload: unknown }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ResponseFrame & { event?: string; payload?: unknown };
      if (frame.event !== undefined) {
        this.events.push({ event: frame.event, payload: frame.payload });
        return;
      }
      if (typeof frame.id === 'number') {
        this.waiting.get(frame.id)?.(frame);
        this.waiting.delete(frame.id);
      }
    });
  }

  static open(url: string, options: ClientOptions = {}): Promise<ProbeClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      ws.once('open', () => resolve(new ProbeClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  call(method: string, params: unknown = {}): Promise<ResponseFrame> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async ok<T>(method: string, params: unknown = {}): Promise<T> {
    const frame = await this.call(method, params);
    if (!frame.result.ok) throw new Error(`${method}: ${frame.result.error.code} ${frame.result.error.message}`);
    return frame.result.value as T;
  }

  /** Fire-and-forget: a flood does not wait for answers. */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  closed(): Promise<number> {
    if (this.ws.readyState === this.ws.CLOSED) return Promise.resolve(-1);
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.ws.terminate();
  }
}

