/** One line of electron/core/log/pipeline-stats.ts: a window of an instance's pipeline. */
interface StatsLine {
  at: number;
  eventLoop: number;
  counts: Record<string, number>;
  ms: Record<string, { n: number; ms: number; max: number }>;
  behindMs: { n: number; mean: number; max: number } | null;
  cpuMs: number;
}

const STAGES = ['log.read', 'apply', 'afterBatch.metrics', 'afterBatch.board', 'board.flush', 'board.aggregate', 'board.worker.figures', 'board.worker.agentFigures'] as const;

function parse(text: string): StatsLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as StatsLine);
}

/**
 * Where each instance's time went while the floor ran (board-team bench): wake-ups, log reads,
 * applying events, end-of-batch reads, the board's turns and its worker, how late events were
 * applied, and the event loop's use; then the board instance window by window.
 */
export function printPipelineStats(files: string[], window: { from: number; to: number; boardInstance: number }): void {
  const instances = files.map(parse);
  console.log('where each instance\'s time went while the floor ran (FRONTLINE_PIPELINE_STATS, 5 s windows):');
  instances.forEach((lines, i) => {
    const inRun = lines.filter((l) => l.at > window.from && l.at <= window.to + 5_000);
    if (inRun.length === 0) {
      console.log(`  instance ${i + 1}: no stats`);
      return;
    }
    const secs = (inRun.length * 5_000) / 1000;
    const sum = (f: (l: StatsLine) => number) => inRun.reduce((n, l) => n + f(l), 0);
    const events = sum((l) => l.counts.events ?? 0);
    const stage = (name: string) => {
      const n = sum((l) => l.ms[name]?.n ?? 0);
      const ms = sum((l) => l.ms[name]?.ms ?? 0);
      const max = Math.max(0, ...inRun.map((l) => l.ms[name]?.max ?? 0));
      return n === 0 ? null : `${name} ${n}× ${(ms / n).toFixed(1)} ms (max ${max}, ${((ms / (secs * 1000)) * 100).toFixed(0)}% of the time)`;
    };
    const behind = inRun.map((l) => l.behindMs).filter((b): b is NonNullable<StatsLine['behindMs']> => b !== null);
    const cpu = (inRun.at(-1) as StatsLine).cpuMs - (lines[lines.indexOf(inRun[0] as StatsLine) - 1]?.cpuMs ?? (inRun[0] as StatsLine).cpuMs);
    console.log(
      `  instance ${i + 1}${i + 1 === window.boardInstance ? ' (board)' : ''}: event loop ${((sum((l) => l.eventLoop) / inRun.length) * 100).toFixed(0)}% busy, ` +
        `NOTIFYs ${(sum((l) => l.counts.notify ?? 0) / secs).toFixed(0)}/s → wake-ups ${(sum((l) => l.counts.wake ?? 0) / secs).toFixed(0)}/s, ` +
        `events applied ${(events / secs).toFixed(0)}/s, applied late by mean ${behind.length === 0 ? '-' : Math.round(behind.reduce((n, b) => n + b.mean * b.n, 0) / Math.max(1, behind.reduce((n, b) => n + b.n, 0)))} / max ${Math.max(0, ...behind.map((b) => b.max))} ms, ` +
        `CPU ${(cpu / Math.max(1, events)).toFixed(2)} ms per event applied`,
    );
    console.log(`    ${STAGES.map(stage).filter((s) => s !== null).join('; ')}`);
  });
  const board = instances[window.boardInstance - 1] ?? [];
  console.log(`  board instance by window: t(s) loop% behind-mean/max(ms) events log.read apply afterBatch.metrics afterBatch.board board.flush(n/mean/max) worker.figures(n/mean)`);
  for (const l of board.filter((x) => x.at > window.from && x.at <= window.to + 30_000)) {
    const ms = (name: string) => l.ms[name]?.ms ?? 0;
    const f = l.ms['board.flush'];
    const w = l.ms['board.worker.figures'];
    console.log(
      `    ${((l.at - window.from) / 1000).toFixed(0).padStart(4)} ${(l.eventLoop * 100).toFixed(0).padStart(3)} ${l.behindMs === null ? '-' : `${l.behindMs.mean}/${l.behindMs.max}`} ${l.counts.events ?? 0} ` +
        `${ms('log.read')} ${ms('apply')} ${ms('afterBatch.metrics')} ${ms('afterBatch.board')} ${f === undefined ? '-' : `${f.n}/${Math.round(f.ms / f.n)}/${f.max}`} ${w === undefined ? '-' : `${w.n}/${Math.round(w.ms / w.n)}`}`,
    );
  }
}
