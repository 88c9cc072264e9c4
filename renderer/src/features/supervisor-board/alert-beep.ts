import type { BoardAlert } from '../../../../shared/contract/schemas/board';

let audio: AudioContext | null = null;

function tone(ctx: AudioContext, frequency: number, start: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.22);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + 0.25);
}

/** A short beep (two, higher, for critical) made with WebAudio: no sound file to load. */
export function beep(severity: BoardAlert['severity']): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const t = audio.currentTime;
    tone(audio, severity === 'critical' ? 880 : 660, t);
    if (severity === 'critical') tone(audio, 880, t + 0.3);
  } catch {
    // No audio device or not allowed yet: the alert is still on screen.
  }
}
