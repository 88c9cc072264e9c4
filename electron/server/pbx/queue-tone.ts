/**
 * The queue tone Frontline ships for waiting callers (resources/pbx/music/queue-tone.wav): a soft
 * two-note chime, 0.6 s on and 0.4 s off, as 8 kHz 16-bit mono PCM WAV — what rtpengine's
 * `play media` decodes and re-encodes to the caller's codec. Generated, never downloaded; a test
 * keeps the shipped file equal to this output.
 */
export function queueToneWav(seconds = 2): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const inBeat = t % 1;
    // A 10 ms fade at each edge of the 0.6 s note: no clicks.
    const gain = inBeat >= 0.6 ? 0 : Math.min(1, inBeat / 0.01, (0.6 - inBeat) / 0.01);
    const tone = (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 554.37 * t)) / 2;
    wav.writeInt16LE(Math.round(6000 * gain * tone), 44 + i * 2);
  }
  return wav;
}
