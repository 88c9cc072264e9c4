import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queueToneWav } from '../../../electron/server/pbx/queue-tone';

describe('the queue tone shipped for waiting callers', () => {
  it('is the generated tone, byte for byte: 8 kHz 16-bit mono PCM WAV with sound in it', () => {
    const shipped = readFileSync(resolve(__dirname, '../../../resources/pbx/music/queue-tone.wav'));
    const wav = queueToneWav();
    expect(shipped.equals(wav)).toBe(true);
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(34)).toBe(16);
    let peak = 0;
    for (let i = 44; i < wav.length; i += 2) peak = Math.max(peak, Math.abs(wav.readInt16LE(i)));
    expect(peak).toBeGreaterThan(3000);
  });
});
