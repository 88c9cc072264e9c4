import { describe, expect, it } from 'vitest';
import { deviceIdFor, loadDevicePrefs, saveDevicePrefs } from '../../../renderer/src/features/devices/device-prefs';
import { RING_CYCLE_S, ringOnIntervals } from '../../../renderer/src/features/devices/ring-cadence';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

describe('audio devices remembered by label', () => {
  const devices = [
    { kind: 'audioinput', label: 'Jabra Evolve2 65', deviceId: 'id-today-1' },
    { kind: 'audiooutput', label: 'Jabra Evolve2 65', deviceId: 'id-today-2' },
    { kind: 'audiooutput', label: 'Speakers (Realtek)', deviceId: 'id-today-3' },
  ];

  it('finds today’s id for a remembered device name, by kind', () => {
    expect(deviceIdFor('Jabra Evolve2 65', 'audioinput', devices)).toBe('id-today-1');
    expect(deviceIdFor('Jabra Evolve2 65', 'audiooutput', devices)).toBe('id-today-2');
  });

  it('falls back to the system default when the device is unplugged or none was chosen', () => {
    expect(deviceIdFor('USB Headset', 'audioinput', devices)).toBeUndefined();
    expect(deviceIdFor(null, 'audiooutput', devices)).toBeUndefined();
  });

  it('round-trips the choice and survives corrupt storage', () => {
    const storage = memoryStorage();
    saveDevicePrefs({ microphone: 'Jabra Evolve2 65', speaker: null, ringer: 'Speakers (Realtek)' }, storage);
    expect(loadDevicePrefs(storage)).toEqual({ microphone: 'Jabra Evolve2 65', speaker: null, ringer: 'Speakers (Realtek)' });
    storage.setItem('frontline.devices', '{not json');
    expect(loadDevicePrefs(storage)).toEqual({ microphone: null, speaker: null, ringer: null });
  });
});

describe('ring cadence', () => {
  it('follows the UK double ring: 0.4 on, 0.2 off, 0.4 on, 2.0 off', () => {
    expect(RING_CYCLE_S).toBeCloseTo(3, 10);
    const intervals = ringOnIntervals(2).map(([a, b]) => [Number(a.toFixed(3)), Number(b.toFixed(3))]);
    expect(intervals).toEqual([
      [0, 0.4],
      [0.6, 1],
      [3, 3.4],
      [3.6, 4],
    ]);
  });
});
