import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteStore } from '../../electron/core/db/store';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { issueSipCredential } from '../../electron/core/auth/sip-credentials';
import { seededRandom } from '../../electron/core/seed/random';
import { startKamailioRouter } from '../../electron/server/pbx/kamailio-router';
import { REPO_ROOT } from '../support/app-process';
import { signedInContext, supervisorContext } from '../support/seeded-core';
import { LAB, LAB_QUEUES, sipLabMissing, startSipLab } from '../support/sip-rig';
import { signOutAgentsExcept } from './bench-agents';
import { benchDatabase } from './bench-database';
import type { EndpointsStart, StepResult } from './pbx-endpoints';
import { cpuOf, cpuRows, cpuTable, hopTable, toWallMs, wallMs, withChildren, type CpuSample, type FrontlineHops } from './pbx-hops';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { percentile } from './stats';

/** Offered load steps (calls per second, seconds each): the sustained rate is the highest whose p99 meets the goal. */
const STEPS = [
  { rate: 50, seconds: 8 },
  { rate: 100, seconds: 8 },
  { rate: 200, seconds: 8 },
  { rate: 250, seconds: 8 },
  { rate: 300, seconds: 8 },
];
const GOAL_P99_MS = 5;
/**
 * FRONTLINE_ROUTING_PBX_STEPS="20x3,100x5": other steps (rate x seconds), for a quick look.
 * FRONTLINE_ROUTING_PBX_ACK=0: the router does not acknowledge Kamailio's chunks at once (what that costs, before/after).
 * FRONTLINE_ROUTING_PBX_FLOOR=1: the lab's own floor — no Frontline connected, so Kamailio takes its static route at
 * once (the fallback desk, LAB.user, registered by the same endpoints): the same carrier, Kamailio, rtpengine offer and
 * agent, with no ask and no decision. What is left of the figure and of the CPU per call is the lab's, not Frontline's.
 * FRONTLINE_ROUTING_PBX_SDP=0: the carrier's INVITE has no SDP offer, so no rtpengine offer is made for it (late offer):
 * the mechanism without media anchoring, as the issue's "bare mechanism" figures were measured (SIP-LAB.md).
 */
const FLOOR = process.env.FRONTLINE_ROUTING_PBX_FLOOR === '1';
const SDP = process.env.FRONTLINE_ROUTING_PBX_SDP !== '0';
const steps = (): { rate: number; seconds: number }[] =>
  process.env.FRONTLINE_ROUTING_PBX_STEPS?.split(',').map((s) => {
    const [rate, seconds] = s.split('x').map(Number);
    return { rate: rate ?? 10, seconds: seconds ?? 3 };
  }) ?? STEPS;

/**
 * `npm run bench -- routing-pbx [--customers N] [--agents N]`: a carrier INVITE into the lab's Kamailio
 * (routing on) → Kamailio asks Frontline over evapi → the real decision in the core (identify the caller
 * among `--customers`, sticky look-up, reserve, push the pop, record) → Kamailio relays the INVITE to the
 * agent (registered over UDP with Frontline's SIP credential; rtpengine on the path as for a browser).
 * Measured from the INVITE on the wire to the INVITE at the agent, per offered rate; each call is cancelled
 * as soon as it reaches its agent (the reservation is freed by Kamailio's caller-gone report).
 */
export async function routingPbxBench(args: { customers: number; agents: number }): Promise<void> {
  const missing = sipLabMissing({ routing: true, agentSecret: 'x' });
  if (missing !== null) {
    console.log(`routing-pbx benchmark skipped: ${missing}`);
    return;
  }
  const file = await benchDatabase(args.customers);
  const secret = randomBytes(33).toString('base64');
  const rig = await startSipLab({ routing: true, agentSecret: secret, hopTimes: true, logsToFile: true });
  const core = await createCore({ store: openSqliteStore(file), logger: createLogger('bench', 'warn'), quickStart: true, validateOutput: false, routingAgentUri: (ext) => `sip:${ext}@127.0.0.1` });
  let router: Awaited<ReturnType<typeof startKamailioRouter>> | null = null;
  const child = fork(join(REPO_ROOT, 'tests', 'bench', 'pbx-endpoints.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const raw = core.connection.raw;
    const maxId = (raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
    const phoneOf = raw.prepare<[number], { e164: string }>('SELECT e164 FROM customer_phones WHERE customer_id = ? LIMIT 1');
    const r = seededRandom(13);
    const numbers = Array.from({ length: 5_000 }, () => phoneOf.get(r.int(1, maxId))?.e164 ?? '+442079460958');
    const supervisor = await supervisorContext(core);
    const queue = await core.dispatch('queues.create', { name: 'Billing' }, supervisor);
    if (!queue.ok && queue.error.code !== 'CONFLICT') throw new Error(queue.error.message);
    const provisioning = { server: `ws://127.0.0.1:${LAB.wsPort}`, domain: '127.0.0.1', secret, ttlSeconds: 3600, trustedPbx: true };
    const agents: EndpointsStart['agents'] = [];
    const extensionOf = (i: number): string => `8${String(i).padStart(4, '0')}`; // as the decision benchmark's agents
    await signOutAgentsExcept(core, new Set(Array.from({ length: args.agents }, (_, i) => extensionOf(i))));
    for (let i = 0; i < args.agents; i++) {
      const extension = extensionOf(i);
      const ctx = await signedInContext(core, extension);
      await core.dispatch('agent.setState', { state: 'available' }, ctx);
      const credential = issueSipCredential(provisioning, extension, Date.now());
      agents.push({ extension, username: credential.username, password: credential.password });
    }
    if (FLOOR) {
      // The static route rings the fallback desk: it registers with the others (its credential from the same secret).
      const credential = issueSipCredential(provisioning, LAB.user, Date.now());
      agents.push({ extension: LAB.user, username: credential.username, password: credential.password });
    }
    await core.settled();
    const created = await core.dispatch('pbx.createCredential', { label: 'Bench Kamailio' }, supervisor);
    if (!created.ok) throw new Error(created.error.message);
    // Where the time goes: routing.ask inside Frontline (dispatch → decision), and the server's event-loop delay, per step.
    let askMs: number[] = [];
    const dispatch = core.dispatch.bind(core);
    core.dispatch = (async (method: string, params: unknown, ctx: Parameters<typeof core.dispatch>[2]) => {
      if (method !== 'routing.ask') return dispatch(method as never, params as never, ctx);
      const t = performance.now();
      const r = await dispatch(method as never, params as never, ctx);
      askMs.push(performance.now() - t);
      return r;
    }) as typeof core.dispatch;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    const inside: { askP50: string; askP99: string; loopP99: string }[] = [];
    // Frontline's moments per call (the hop table); the first decision written is the one the agent got.
    const frontline = new Map<string, FrontlineHops>();
    const onHop = (callId: string, hop: keyof FrontlineHops, at: number): void => {
      const h = frontline.get(callId) ?? {};
      h[hop] ??= toWallMs(at);
      frontline.set(callId, h);
    };
    if (!FLOOR) router = await startKamailioRouter({ core, host: '127.0.0.1', port: LAB.evapiPort, token: (created.value as { token: string }).token, reconnectMs: 200, onHop, acknowledgeChunks: process.env.FRONTLINE_ROUTING_PBX_ACK !== '0' });
    // CPU used and waited for, per process, per step (Linux schedstat): is a slow hop work or a busy machine?
    const processes = (): Record<string, number[]> => ({
      kamailio: withChildren(rig.pids().kamailio),
      rtpengine: rig.pids().rtpengine === undefined ? [] : [rig.pids().rtpengine as number],
      'frontline (core + router)': [process.pid],
      'carrier + agents (bench)': child.pid === undefined ? [] : [child.pid],
    });
    const sample = (): Record<string, CpuSample> => {
      const out: Record<string, CpuSample> = {};
      for (const [name, pids] of Object.entries(processes())) {
        out[name] = cpuOf(pids);
        // The core's decisions, the router and the projections share one thread: its share is the ceiling.
        if (pids[0] === process.pid) out['  of which its main thread'] = cpuOf(pids, true);
      }
      return out;
    };
    let stepCpu = { at: wallMs(), cpu: sample() };
    const cpu: string[][] = [];
    const hopLines: string[] = [];
    await new Promise((resolve) => setTimeout(resolve, 500)); // Kamailio counts the connection

    const results: StepResult[] = [];
    const done = new Promise<void>((resolve, reject) => {
      child.on('message', (m: { type: string; n?: number }) => {
        if (m.type === 'registered') console.log(`${m.n} of ${agents.length} agents registered at Kamailio over UDP`);
        if (m.type === 'stepStart') stepCpu = { at: wallMs(), cpu: sample() };
        if (m.type === 'step') {
          const s = m as StepResult;
          results.push(s);
          cpu.push(...cpuRows({ rate: s.rate, calls: s.sent, wallMs: wallMs() - stepCpu.at }, stepCpu.cpu, sample()));
          hopLines.push('', `${s.rate}/s: ${s.hops.length} routed calls`, ...hopTable(s.hops, frontline));
          const sorted = [...askMs].sort((a, b) => a - b);
          const f = (p: number) => (sorted.length === 0 ? '-' : percentile(sorted, p).toFixed(2));
          inside.push({ askP50: f(50), askP99: f(99), loopP99: (loop.percentile(99) / 1e6).toFixed(1) });
          askMs = [];
          loop.reset();
          console.log(`  ${s.rate}/s done: ${s.latencies.length} of ${s.sent} reached an agent`);
        }
        if (m.type === 'done') resolve();
      });
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`SIP endpoints exited ${code}`))));
    });
    const start: EndpointsStart = { type: 'start', sipPort: LAB.sipPort, queueNumber: LAB_QUEUES.billing, agents, numbers, steps: steps(), sdp: SDP };
    loop.enable();
    child.send(start);
    await done;

    if (FLOOR) console.log('\nTHE LAB\'S FLOOR (FRONTLINE_ROUTING_PBX_FLOOR=1): no Frontline connected, every call takes Kamailio\'s static route to the fallback desk — no ask, no decision.');
    if (!SDP) console.log('NO SDP (FRONTLINE_ROUTING_PBX_SDP=0): the carrier offers no media, so rtpengine is not on the path.');
    console.log(
      `\nINVITE into Kamailio → INVITE out to the agent, real decision in Frontline (identify among ${maxId} customers, sticky, reserve, pop pushed, recorded), ${args.agents} agents; goal p99 ≤ ${GOAL_P99_MS} ms; router acknowledges Kamailio's chunks at once: ${process.env.FRONTLINE_ROUTING_PBX_ACK === '0' ? 'no' : 'yes'}`,
    );
    const header = ['offered/s', 'calls', 'reached agent', 'with decision id', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'ask in core p50/p99', 'loop delay p99', 'INVITE resent', 'reached after a resend', 'no response', 'CANCEL resent', 'finals'];
    const rows = results.map((s, i) => {
      const sorted = [...s.latencies].sort((a, b) => a - b);
      const f = (p: number) => (sorted.length === 0 ? '-' : percentile(sorted, p).toFixed(2));
      return [String(s.rate), String(s.sent), String(s.latencies.length), String(s.withDecision), f(50), f(90), f(99), sorted.length === 0 ? '-' : (sorted.at(-1) ?? 0).toFixed(2), `${inside[i]?.askP50}/${inside[i]?.askP99}`, `${inside[i]?.loopP99}`, String(s.inviteResent), String(s.reachedAfterResend), String(s.noResponse), String(s.cancelResent), Object.entries(s.finals).map(([k, v]) => `${k}×${v}`).join(' ')];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
    console.log('(the carrier resends its INVITE at 500 ms, doubling, until any response, as RFC 3261 Timer A; "finals" 0 = none within 6 s)');
    console.log(fmt(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(fmt(row));
    const sustained = results.filter((s) => {
      const sorted = [...s.latencies].sort((a, b) => a - b);
      return s.latencies.length >= 0.99 * s.sent && sorted.length > 0 && percentile(sorted, 99) <= GOAL_P99_MS;
    });
    console.log(`\nWhere the time goes, hop by hop (wall-clock moments from the endpoints, Kamailio's X-Frontline-Hops and Frontline's router; ms)`);
    for (const line of hopLines) console.log(line);
    console.log(`\nCPU per process over each step (Linux schedstat, every thread; "waiting" = runnable but no CPU free)`);
    for (const line of cpuTable(cpu)) console.log(line);
    console.log(`highest offered rate with ≥ 99% routed and p99 ≤ ${GOAL_P99_MS} ms: ${sustained.length === 0 ? 'none' : `${Math.max(...sustained.map((s) => s.rate))}/s`} (goal ≥ 250/s)`);
    console.log(`\nThe lab's complaints over the run (Kamailio's and rtpengine's ERROR/WARNING lines, numbers and ids masked; top 12):`);
    for (const line of labComplaints(rig.logs())) console.log(line);
  } finally {
    if (process.env.FRONTLINE_ROUTING_PBX_LOG === '1') console.log(rig.logs().split('\n').slice(-80).join('\n'));
    if (child.exitCode === null) child.kill('SIGKILL');
    await router?.stop();
    await core.close();
    await rig.stop();
  }
}

/** ERROR and WARNING lines of the lab's log, grouped once numbers, Call-IDs and addresses are masked: where the 5xx come from. */
export function labComplaints(log: string, top = 12): string[] {
  const counts = new Map<string, number>();
  for (const line of log.split('\n')) {
    if (!/\b(ERROR|WARNING|ERR|WARN)\b/.test(line)) continue;
    const key = line
      .replace(/^.*?\b(ERROR|WARNING|ERR|WARN)\b/, '$1')
      .replace(/pbx-bench-\S+/g, '<call>')
      .replace(/\d+/g, '#')
      .slice(0, 160);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].sort((a, b) => b[1] - a[1]).slice(0, top);
  return rows.length === 0 ? ['  (none)'] : rows.map(([k, n]) => `${String(n).padStart(7)}  ${k}`);
}
