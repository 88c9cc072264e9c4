import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './app-process';

/** Ports of the lab PBX on loopback: away from the SIP defaults so a real PBX on this machine is never touched. */
export const LAB = { sipPort: 5090, wsPort: 8090, ngPort: 2290, evapiPort: 2291, rtpMin: 30_000, rtpMax: 39_999, user: '1001', password: 'lab-secret-1001' };

/** With routing on, the lab PBX has three agents (one password) and asks Frontline over evapi; 1001 is the static fallback desk. */
export const LAB_AGENTS = ['1001', '1002', '1003'] as const;

export interface SipLabOptions {
  /** Calls to queue numbers are routed by Frontline (evapi on LAB.evapiPort), resources/pbx/kamailio/frontline-routing.cfg. */
  routing?: boolean;
  /** Agents authenticate with Frontline's time-limited credentials made with this secret (auth_ephemeral, ADR 0032), not the lab password. */
  agentSecret?: string;
  /** Kamailio stamps each routed agent INVITE with the moments of its path (X-Frontline-Hops; the routing-pbx benchmark). */
  hopTimes?: boolean;
  /**
   * Kamailio's and rtpengine's logs go to a file in the run directory instead of through this process
   * (a benchmark: a few log lines per call, read by the event loop it measures, is not what a PBX costs Frontline).
   */
  logsToFile?: boolean;
}

/** The app's phone settings for agent 1001 on the lab PBX. */
export const LAB_PHONE = { server: `ws://127.0.0.1:${LAB.wsPort}`, domain: '127.0.0.1', username: LAB.user, password: LAB.password, trustedPbx: true };

/** Queue numbers of the lab PBX (its "queues" table): a call to one reaches the agent with the queue named by the PBX. */
export const LAB_QUEUES = { billing: '8001', sales: '8002' };

/** Queue music for the PBX adapter (ADR 0028): rtpengine's ng port and the shipped tone (rtpengine reads it from this disk). */
export const LAB_MUSIC = { host: '127.0.0.1', port: LAB.ngPort, file: resolve(REPO_ROOT, 'resources', 'pbx', 'music', 'queue-tone.wav') };

/** With routing on: a queue number of the PBX whose queue (Returns) the centre does not have. */
export const LAB_UNKNOWN_QUEUE = '8009';

/** Kamailio's shared memory for the lab, MB (`-m`). */
export const LAB_SHM_MB = 512;

const BINARIES = { kamailio: '/usr/sbin/kamailio', rtpengine: '/usr/bin/rtpengine', sipp: '/usr/bin/sipp', baresip: '/usr/bin/baresip' };

/** Why the lab cannot run here, or null when every binary is installed (.ci/run installs them with apt). */
export function sipLabMissing(options: SipLabOptions = {}): string | null {
  if (options.routing === true && spawnSync('test', ['-f', '/usr/lib/x86_64-linux-gnu/kamailio/modules/evapi.so']).status !== 0) {
    return "Kamailio's evapi module is not installed (kamailio-extra-modules); .ci/run installs it with apt";
  }
  if (options.agentSecret !== undefined && spawnSync('test', ['-f', '/usr/lib/x86_64-linux-gnu/kamailio/modules/auth_ephemeral.so']).status !== 0) {
    return "Kamailio's auth_ephemeral module is not installed (kamailio-autheph-modules); .ci/run installs it with apt";
  }
  for (const [name, path] of Object.entries(BINARIES)) {
    if (spawnSync('test', ['-x', path]).status !== 0) return `${name} is not installed (${path}); .ci/run installs it with apt`;
  }
  return null;
}

function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      void check().then((ok) => {
        if (ok) resolve();
        else if (Date.now() > deadline) reject(new Error(`${what} not ready within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** rtpengine's control protocol: bencoded "ping" must come back "pong". */
function ngPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => (socket.close(), resolve(false)), 200);
    socket.once('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg.toString().includes('pong'));
    });
    socket.send('frontline d7:command4:pinge', port, '127.0.0.1');
  });
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface SipLabRig {
  logs: () => string;
  /** The main processes' ids (Kamailio's workers are its children), for CPU accounting. */
  pids(): { kamailio: number | undefined; rtpengine: number | undefined };
  restartKamailio(): Promise<void>;
  stop(): Promise<void>;
}

/** Start rtpengine (first, so Kamailio never marks it dead) and Kamailio with the lab config. */
export async function startSipLab(options: SipLabOptions = {}): Promise<SipLabRig> {
  const runDir = mkdtempSync(join(tmpdir(), 'frontline-sip-'));
  let logs = '';
  const logFile = join(runDir, 'lab.log');
  const logFd = options.logsToFile === true ? openSync(logFile, 'a') : null;
  const stdio = logFd === null ? undefined : { stdio: ['ignore', logFd, logFd] as ['ignore', number, number] };
  const capture = (child: ChildProcess, name: string): void => {
    child.stdout?.on('data', (d: Buffer) => (logs += `[${name}] ${d.toString()}`));
    child.stderr?.on('data', (d: Buffer) => (logs += `[${name}] ${d.toString()}`));
  };
  const rtpengine = spawn(BINARIES.rtpengine, [
    '--table=-1',
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${LAB.ngPort}`,
    `--port-min=${LAB.rtpMin}`,
    `--port-max=${LAB.rtpMax}`,
    '--config-file=none',
    // A deleted session is gone at once (default: kept 30 s, its ports too): a session left behind is then one nobody deleted.
    '--delete-delay=0',
    '--foreground',
    '--log-stderr',
  ], stdio ?? {});
  capture(rtpengine, 'rtpengine');
  await until(() => ngPing(LAB.ngPort), 'rtpengine');

  const startKamailio = async (): Promise<ChildProcess> => {
    const k = spawn(BINARIES.kamailio, [
      '-DD',
      '-E',
      // Shared memory (MB). Kamailio's default, 64, ran out at 200-300 calls/s in routing-pbx: "t_newtran(): new_t failed
      // … out of mem" and stateless 500s for ~20 % of callers, the lab's floor (no Frontline) included (ADR 0074).
      '-m',
      String(LAB_SHM_MB),
      '-Y',
      runDir,
      '-f',
      // A benchmark's A/B of two configs in one hold: FRONTLINE_LAB_KAMAILIO_CFG names another kamailio-lab.cfg
      // (its frontline-routing.cfg beside it). Tests never set it.
      process.env.FRONTLINE_LAB_KAMAILIO_CFG ?? join(REPO_ROOT, 'resources', 'pbx', 'kamailio', 'kamailio-lab.cfg'),
      '-A',
      `LAB_SIP_PORT=${LAB.sipPort}`,
      '-A',
      `LAB_WS_PORT=${LAB.wsPort}`,
      '-A',
      `LAB_NG_SOCK="udp:127.0.0.1:${LAB.ngPort}"`,
      '-A',
      `LAB_USER="${LAB.user}"`,
      '-A',
      `LAB_PASSWORD="${LAB.password}"`,
      ...(options.routing === true
        ? ['-A', 'WITH_ROUTING', '-A', `LAB_EVAPI_ADDR="127.0.0.1:${LAB.evapiPort}"`, '-A', `LAB_FALLBACK_USER="${LAB.user}"`]
        : []),
      ...(options.agentSecret === undefined ? [] : ['-A', 'WITH_FRONTLINE_CREDENTIALS', '-A', `LAB_SIP_SECRET="${options.agentSecret}"`]),
      ...(options.hopTimes === true ? ['-A', 'WITH_HOP_TIMES'] : []),
    ], stdio ?? {});
    capture(k, 'kamailio');
    await until(() => tcpOpen(LAB.wsPort), 'kamailio');
    return k;
  };
  let kamailio = await startKamailio();

  return {
    logs: () => (logFd === null ? logs : readFileSync(logFile, 'utf8')),
    pids: () => ({ kamailio: kamailio.pid, rtpengine: rtpengine.pid }),
    async restartKamailio() {
      await stopProcess(kamailio);
      await until(async () => !(await tcpOpen(LAB.wsPort)), 'kamailio shutdown');
      kamailio = await startKamailio();
    },
    async stop() {
      // sipp callers still running (a test that failed before its caller finished) would hold their ports into the next run.
      await Promise.all([...liveSipps].map(stopProcess));
      await stopProcess(kamailio);
      await stopProcess(rtpengine);
      if (logFd !== null) closeSync(logFd);
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** sipp processes started by runSipp and not yet exited: the rig's stop ends them. */
const liveSipps = new Set<ChildProcess>();

export interface SippRun {
  code: number | null;
  output: string;
}

/** Run one sipp call with a scenario from tests/e2e/sip (or an absolute path), passing [keys] to it (`service` is the number dialled, default the agent's; `callId` a literal Call-ID); `<pause/>` lasts talkMs. */
export function runSipp(
  scenario: string,
  keys: Record<string, string>,
  localPort: number,
  talkMs = 6_000,
  timeoutS = 60,
  /** Several calls at a rate (a burst) instead of one. */
  load: { calls: number; perSecond: number } = { calls: 1, perSecond: 10 },
): Promise<SippRun> {
  // sipp's own account of a failure (unexpected message, timeout) is appended to the output.
  const errorFile = join(tmpdir(), `frontline-sipp-${process.pid}-${localPort}.err`);
  const args = [
    `127.0.0.1:${LAB.sipPort}`,
    '-sf',
    resolve(REPO_ROOT, 'tests', 'e2e', 'sip', scenario),
    '-s',
    keys.service ?? LAB.user,
    '-i',
    '127.0.0.1',
    '-p',
    String(localPort),
    '-mp',
    String(localPort + 1000),
    '-m',
    String(load.calls),
    '-l',
    String(load.calls),
    '-r',
    String(load.perSecond),
    '-nostdin',
    '-timeout',
    `${timeoutS}s`,
    '-timeout_error',
    '-d',
    String(talkMs),
    // `callId` sets the literal Call-ID (sipp maps replies to calls by it).
    ...(keys.callId === undefined ? [] : ['-cid_str', keys.callId.replace(/%/g, '%%')]),
    ...Object.entries(keys)
      .filter(([k]) => k !== 'service' && k !== 'callId')
      .flatMap(([k, v]) => ['-key', k, v]),
    '-trace_err',
    '-error_file',
    errorFile,
  ];
  return new Promise((resolve) => {
    const child = spawn(BINARIES.sipp, args, { env: { ...process.env, TZ: 'UTC' } });
    liveSipps.add(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      liveSipps.delete(child);
      try {
        output += `\n[sipp errors]\n${readFileSync(errorFile, 'utf8').slice(-3000)}`;
        rmSync(errorFile, { force: true });
      } catch {
        // no error file: sipp had nothing to say
      }
      resolve({ code, output });
    });
  });
}

export interface BaresipCall {
  output: string;
  /** Peak absolute sample of the audio baresip received (16-bit PCM), or 0 when it wrote none. */
  receivedPeak: number;
  receivedSeconds: number;
}

function wavPeak(file: string): { peak: number; seconds: number } {
  const wav = readFileSync(file);
  // Copy out of the Buffer: its byte offset need not be 2-aligned for an Int16Array view.
  const body = Uint8Array.prototype.slice.call(wav, 44);
  const samples = new Int16Array(body.buffer, 0, Math.floor(body.length / 2));
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  return { peak, seconds: samples.length / 8000 };
}

/**
 * baresip calls the agent from +44 20 7946 0958 (number in From, no PAI), sends a 440 Hz tone and
 * records what it hears; it quits after `seconds`.
 */
export async function runBaresipCall(seconds: number): Promise<BaresipCall> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-baresip-'));
  const source = join(REPO_ROOT, 'tests', 'e2e', 'sip', 'baresip');
  writeFileSync(join(dir, 'config'), readFileSync(join(source, 'config'), 'utf8').replace(/^snd_path.*$/m, `snd_path\t\t${dir}`));
  writeFileSync(join(dir, 'accounts'), readFileSync(join(source, 'accounts'), 'utf8'));
  const child = spawn('/usr/bin/baresip', ['-f', dir, '-t', String(seconds), '-e', `/dial sip:${LAB.user}@127.0.0.1:${LAB.sipPort}`], { cwd: dir });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const received = readdirSync(dir).find((f) => f.endsWith('-dec.wav'));
  const audio = received === undefined ? { peak: 0, seconds: 0 } : wavPeak(join(dir, received));
  output += `\n[recording ${received ?? 'missing'}: ${audio.seconds.toFixed(2)} s, peak ${audio.peak}]`;
  rmSync(dir, { recursive: true, force: true });
  return { output, receivedPeak: audio.peak, receivedSeconds: audio.seconds };
}
