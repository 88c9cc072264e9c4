/**
 * How long a demo caller waited in the queue and talks once answered, drawn the way a healthy
 * centre's figures fall (ADR 0019): most calls reach an agent at once, the rest wait an
 * exponentially distributed time (a few wait long: the occasional, explainable breach), and
 * handle times are log-normal. With the agent's own answer time the centre runs near the
 * default 80 % in 20 s.
 */
export const DEMO_TIMING = {
  /** Share of calls that reach an agent without queueing (an agent was free). */
  answeredAtOnce: 0.45,
  /** Mean wait of those that queue, seconds (exponential), and the longest anyone waits. */
  meanQueuedWaitS: 15,
  longestWaitS: 240,
  /** Talk time: log-normal around this median, with this spread (σ of the log), clamped. */
  medianTalkS: 45,
  talkSigma: 0.5,
  shortestTalkS: 15,
  longestTalkS: 180,
} as const;

export interface Uniform {
  /** A number in [0, 1). */
  unit(): number;
}

export function demoQueueWaitS(r: Uniform): number {
  if (r.unit() < DEMO_TIMING.answeredAtOnce) return Math.floor(r.unit() * 3);
  const wait = -Math.log(1 - r.unit()) * DEMO_TIMING.meanQueuedWaitS;
  return Math.min(DEMO_TIMING.longestWaitS, Math.round(wait));
}

export function demoTalkS(r: Uniform): number {
  // Box–Muller: one standard normal from two uniforms.
  const z = Math.sqrt(-2 * Math.log(1 - r.unit())) * Math.cos(2 * Math.PI * r.unit());
  const talk = DEMO_TIMING.medianTalkS * Math.exp(DEMO_TIMING.talkSigma * z);
  return Math.round(Math.min(DEMO_TIMING.longestTalkS, Math.max(DEMO_TIMING.shortestTalkS, talk)));
}
