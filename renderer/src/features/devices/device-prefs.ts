/** Audio devices chosen by label: ids change between sessions and origins, a headset's name does not. */
export interface DevicePrefs {
  microphone: string | null;
  speaker: string | null;
  /** Where the ringtone plays: often the PC speakers, so a ring is heard with the headset off. */
  ringer: string | null;
}

const KEY = 'frontline.devices';
const NONE: DevicePrefs = { microphone: null, speaker: null, ringer: null };

export function loadDevicePrefs(storage: Storage = localStorage): DevicePrefs {
  try {
    const raw = storage.getItem(KEY);
    if (raw === null) return NONE;
    const p = JSON.parse(raw) as Partial<DevicePrefs>;
    const label = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
    return { microphone: label(p.microphone), speaker: label(p.speaker), ringer: label(p.ringer) };
  } catch {
    return NONE;
  }
}

export function saveDevicePrefs(prefs: DevicePrefs, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(prefs));
}

/** The current id of the device with this label, or undefined (use the system default) when it is unplugged. */
export function deviceIdFor(
  label: string | null,
  kind: 'audioinput' | 'audiooutput',
  devices: readonly { kind: string; label: string; deviceId: string }[],
): string | undefined {
  if (label === null) return undefined;
  return devices.find((d) => d.kind === kind && d.label === label)?.deviceId;
}
