import { RING_CYCLE_S, RING_FREQUENCIES_HZ, ringOnIntervals } from './ring-cadence';

/**
 * A ringtone synthesised with Web Audio (no file to ship), played through an <audio> element so
 * it can go to its own output device with setSinkId.
 */
export class Ringtone {
  private ctx: AudioContext | null = null;
  private readonly element = new Audio();
  private timer: ReturnType<typeof setInterval> | null = null;

  async start(sinkId: string | undefined): Promise<void> {
    if (this.ctx !== null) return;
    const ctx = new AudioContext();
    this.ctx = ctx;
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
    const schedule = (): void => {
      const base = ctx.currentTime + 0.05;
      for (const [on, off] of ringOnIntervals(1)) {
        gain.gain.setValueAtTime(0.15, base + on);
        gain.gain.setValueAtTime(0, base + off);
      }
    };
    schedule();
    this.timer = setInterval(schedule, RING_CYCLE_S * 1000);
    this.element.srcObject = out.stream;
    const sinkable = this.element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (sinkId !== undefined && sinkable.setSinkId !== undefined) await sinkable.setSinkId(sinkId).catch(() => undefined);
    await this.element.play().catch(() => undefined);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.element.pause();
    this.element.srcObject = null;
    void this.ctx?.close();
    this.ctx = null;
  }
}
