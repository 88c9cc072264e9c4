import { useEffect, useState } from 'react';
import { loadDevicePrefs, saveDevicePrefs, type DevicePrefs } from './device-prefs';

type Device = { kind: string; label: string; deviceId: string };

/** Microphone, speaker and ringer, remembered by name for the next session. */
export function DeviceSettings() {
  const [devices, setDevices] = useState<Device[]>([]);
  const [prefs, setPrefs] = useState<DevicePrefs>(loadDevicePrefs);
  useEffect(() => {
    const load = (): void =>
      void navigator.mediaDevices
        ?.enumerateDevices()
        .then((list) => setDevices(list.map((d) => ({ kind: d.kind, label: d.label, deviceId: d.deviceId }))))
        .catch(() => setDevices([]));
    load();
    navigator.mediaDevices?.addEventListener('devicechange', load);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', load);
  }, []);

  function choose(key: keyof DevicePrefs, label: string): void {
    const next = { ...prefs, [key]: label === '' ? null : label };
    setPrefs(next);
    saveDevicePrefs(next);
  }

  const options = (kind: string) =>
    devices
      .filter((d) => d.kind === kind && d.label !== '')
      .map((d) => (
        <option key={d.deviceId} value={d.label}>
          {d.label}
        </option>
      ));

  return (
    <details className="devices">
      <summary>Audio devices</summary>
      <label>
        Microphone
        <select value={prefs.microphone ?? ''} onChange={(e) => choose('microphone', e.target.value)}>
          <option value="">System default</option>
          {options('audioinput')}
        </select>
      </label>
      <label>
        Speaker (the call)
        <select value={prefs.speaker ?? ''} onChange={(e) => choose('speaker', e.target.value)}>
          <option value="">System default</option>
          {options('audiooutput')}
        </select>
      </label>
      <label>
        Ringer
        <select value={prefs.ringer ?? ''} onChange={(e) => choose('ringer', e.target.value)}>
          <option value="">System default</option>
          {options('audiooutput')}
        </select>
      </label>
      {devices.length > 0 && devices.every((d) => d.label === '') && (
        <p className="muted">Device names appear once the browser has been allowed to use the microphone.</p>
      )}
    </details>
  );
}
