import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { formatCount, formatPercent } from '../../ui/format';
import { useSoftphone } from './use-softphone';
import type { AudioStats } from './softphone';

/** Live inbound-audio figures for a call: proof to the agent (and the tests) that the caller can be heard. */
export function CallQuality({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const phone = useSoftphone((s) => s.phone);
  const [stats, setStats] = useState<AudioStats | null>(null);
  useEffect(() => {
    if (phone === null) return;
    const poll = (): void => void phone.audioStats(callId).then(setStats, () => setStats(null));
    poll();
    const t = setInterval(poll, 1_000);
    return () => clearInterval(t);
  }, [phone, callId]);
  if (stats === null) return <span className="muted">{t('quality.waiting')}</span>;
  const total = stats.packetsReceived + stats.packetsLost;
  const loss = total === 0 ? 0 : (100 * stats.packetsLost) / total;
  return (
    <span className="muted" data-testid="audio-stats" data-packets-received={stats.packetsReceived}>
      {t('quality.stats', { packets: formatCount(stats.packetsReceived), loss: formatPercent(loss), jitter: formatCount(stats.jitterMs) })}
    </span>
  );
}
