import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { loadDevicePrefs, saveDevicePrefs, type DevicePrefs } from './device-prefs';

type Device = { kind: string; label: string; deviceId: string };

/** Microphone, speaker and ringer, remembered by name for the next session. */
export function DeviceSettings() {
  const { t } = useTranslation();
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

  return (
    <details className="devices">
      <summary>{t('devices.title')}</summary>
      <DeviceSelect label={t('devices.microphone')} value={prefs.microphone} devices={devices} kind="audioinput" onChange={(v) => choose('microphone', v)} />
      <DeviceSelect label={t('devices.speaker')} value={prefs.speaker} devices={devices} kind="audiooutput" onChange={(v) => choose('speaker', v)} />
      <DeviceSelect label={t('devices.ringer')} value={prefs.ringer} devices={devices} kind="audiooutput" onChange={(v) => choose('ringer', v)} />
      {devices.length > 0 && devices.every((d) => d.label === '') && (
        <p className="muted">{t('devices.namesLater')}</p>
      )}
    </details>
  );
}

function DeviceSelect(props: { label: string; value: string | null; devices: Device[]; kind: string; onChange: (label: string) => void }) {
  const { t } = useTranslation();
  return (
    <label>
      {props.label}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t('devices.systemDefault')}</option>
        {props.devices
          .filter((d) => d.kind === props.kind && d.label !== '')
          .map((d) => (
            <option key={d.deviceId} value={d.label} translate="no">
              {d.label}
            </option>
          ))}
      </select>
    </label>
  );
}
