import { CallCentre, type Switchboard } from '../simulation/call-centre';
import { AGENTS, CALLS_PER_HOUR, CUSTOMERS, SEED, START, dayStart } from '../simulation/month-plan';
import { openRealCentre } from '../simulation/real-centre';
import { printLatencyTable, type Row } from './stats';

export interface EventsBenchArgs {
  days: number;
  /** A supervisor's board open throughout (its projection then follows every event). */
  board: boolean;
}

const PROJECTIONS = 'projections caught up after it';

/**
 * Times every call of a switchboard, grouped by what was sent (the write: its transaction, the
 * event appended), then the projections catching up with it (presence, today's metrics, the board).
 */
function timed(board: Switchboard, samples: Map<string, number[]>, settled: () => Promise<unknown>): Switchboard {
  const push = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);
  const time = <A extends unknown[], R>(f: (...a: A) => Promise<R>, label: string | ((...a: A) => string)) =>
    async (...a: A): Promise<R> => {
      const started = performance.now();
      const result = await f(...a);
      const written = performance.now();
      push(typeof label === 'string' ? label : label(...a), written - started);
      await settled();
      push(PROJECTIONS, performance.now() - written);
      return result;
    };
  return {
    setClock: board.setClock,
    signIn: time(board.signIn, 'agent.signIn'),
    signOut: time(board.signOut, 'agent.signOut'),
    setState: time(board.setState, 'agent.setState'),
    setNextState: time(board.setNextState, 'agent.setNextState'),
    report: time(board.report, (_n, _key, event) => `calls.report ${event.type}`),
    submitWrapUp: time(board.submitWrapUp, 'wrapUp.submit'),
  };
}

/**
 * `npm run bench -- events [--days N] [--board]`: the simulated call centre (tests/simulation) for
 * N days through the dispatcher into a real SQLite file, every call event and wrap-up timed: the
 * write path's cost per event (its transaction and the event appended to the log), and the
 * projections catching up with it — today's metrics, presence, and with --board the board.
 */
export async function eventsBench({ days, board }: EventsBenchArgs): Promise<void> {
  const centre = await openRealCentre({ start: START, customers: CUSTOMERS, agents: AGENTS });
  if (board) await centre.boardState();
  const samples = new Map<string, number[]>();
  const end = dayStart(days);
  const sim = new CallCentre(timed(centre.board, samples, () => centre.core.projections.settled()), { seed: SEED, start: START, end, agents: AGENTS, queues: centre.queues, customers: CUSTOMERS, callsPerHour: CALLS_PER_HOUR });
  const started = performance.now();
  await sim.runUntil(end);
  const seconds = (performance.now() - started) / 1000;
  const rows: Row[] = [...samples].sort((a, b) => b[1].length - a[1].length).map(([label, samplesMs]) => ({ label, samplesMs }));
  rows.unshift({ label: 'every event (write)', samplesMs: [...samples].filter(([k]) => k !== PROJECTIONS).flatMap(([, v]) => v) });
  printLatencyTable(`${days} simulated days, ${AGENTS} agents, board ${board ? 'open' : 'closed'}: ${sim.stats.events} events in ${seconds.toFixed(1)} s (${((seconds * 1e6) / sim.stats.events).toFixed(0)} µs per event, simulator included)`, rows);
  await centre.close();
}
