import { useEffect } from 'react';
import { useSoftphone } from './use-softphone';
import { Ringtone } from '../devices';
import { chosenDevice } from '../devices';

const ringtone = typeof AudioContext === 'undefined' ? null : new Ringtone();

/** Ring on the chosen ringer device while an inbound call is ringing. */
export function useRingtone(): void {
  const ringing = useSoftphone((s) => s.calls.some((c) => c.direction === 'inbound' && c.state.phase === 'ringing'));
  useEffect(() => {
    if (ringtone === null) return;
    if (!ringing) {
      ringtone.stop();
      return;
    }
    void chosenDevice('ringer').then((id) => ringtone.start(id));
    return () => ringtone.stop();
  }, [ringing]);
}
