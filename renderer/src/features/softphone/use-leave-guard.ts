import { useEffect } from 'react';
import { useApi } from '../../app/stores-context';
import { useSoftphone } from './use-softphone';

/**
 * In browser mode a call dies with its page (WebRTC lives in it): while one is up, leaving or
 * reloading the page asks first. Electron windows have no such prompt (reload shortcuts are off in
 * production builds instead).
 */
export function useLeaveGuard(): void {
  const api = useApi();
  const onCall = useSoftphone((s) => s.calls.length > 0);
  useEffect(() => {
    if (!onCall || api.transport.kind !== 'ws') return;
    const ask = (e: BeforeUnloadEvent): void => {
      e.preventDefault();
      // Older Chromium needs returnValue set to show the prompt.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [onCall, api]);
}
