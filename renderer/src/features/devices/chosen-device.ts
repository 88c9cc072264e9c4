import { deviceIdFor, loadDevicePrefs } from './device-prefs';

/** The current id of the device the agent chose by name (DeviceSettings), or undefined for the system default. */
export async function chosenDevice(key: 'microphone' | 'speaker' | 'ringer'): Promise<string | undefined> {
  const devices = (await navigator.mediaDevices?.enumerateDevices().catch(() => [])) ?? [];
  return deviceIdFor(loadDevicePrefs()[key], key === 'microphone' ? 'audioinput' : 'audiooutput', devices);
}
