import { RING_CYCLE_S, RING_FREQUENCIES_HZ, ringOnIntervals } from './ring-cadence';

/**
 * A ringtone synthesised with Web Audio (no file to ship), played through an <audio> element so
 * it can go to its own output device with setSinkId.
 */
export class Ringtone {
  /** Made once, at the first ring, and suspended between calls: building one costs a pop ~10 ms. */
  private graph: { ctx: AudioContext; gain: GainNode; stream: MediaStream } | null = null;
  private readonly element = new Audio();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Bumped by every start and stop: a start still awaiting when stop comes must not ring. */
  private generation = 0;

  private build(): { ctx: AudioContext; gain: GainNode; stream: MediaStream } {
    const ctx = new AudioContext();
    const out = ctx.createMediaStreamDestination();
    const gain = ctx.createGain();
    gain.gain.value = 0;
    for (const hz of RING_FREQUENCIES_HZ) {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start();
    }
    gain.connect(out);
    return { ctx, gain, stream: out.stream };
  }

  async start(sinkId: string | undefined): Promise<void> {
    if (this.timer !== null) return;
    const mine = ++this.generation;
    this.graph ??= this.build();
    const { ctx, gain, stream } = this.graph;
    const schedule = (): void => {
      const base = ctx.currentTime + 0.05;
      for (const [on, off] of ringOnIntervals(1)) {
        gain.gain.setValueAtTime(0.15, base + on);
        gain.gain.setValueAtTime(0, base + off);
      }
    };
    await ctx.resume().catch(() => undefined);
    if (mine !== this.generation) return;
    schedule();
    this.timer = setInterval(schedule, RING_CYCLE_S * 1000);
    this.element.srcObject = stream;
    const sinkable = this.element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (sinkId !== undefined && sinkable.setSinkId !== undefined) await sinkable.setSinkId(sinkId).catch(() => undefined);
    await this.element.play().catch(() => undefined);
  }

  stop(): void {
    this.generation += 1;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.element.pause();
    this.element.srcObject = null;
    if (this.graph !== null) {
      const { ctx, gain } = this.graph;
      gain.gain.cancelScheduledValues(0);
      gain.gain.setValueAtTime(0, ctx.currentTime);
      void ctx.suspend().catch(() => undefined);
    }
  }
}
