import { useTranslation } from 'react-i18next';
import { memo } from 'react';
import type { MetricsReport } from '../../../../shared/contract/schemas/metrics';
import { FrtChart } from '../../ui/FrtChart';
import { formatCount, formatDecimal, formatTime } from '../../ui/format';

/** FRT mean and median per half hour today, against the target line; redrawn only for a new report. */
export const FrtTrend = memo(function FrtTrend({ report, target }: { report: MetricsReport; target: number | null }) {
  const { t } = useTranslation();
  const points = report.trend.filter((p) => p.start <= report.computedAt);
  const answered = points.filter((p) => p.frtMeanS !== null);
  const latest = answered.at(-1)?.frtMeanS ?? null;
  const said = latest === null ? t('trends.frtNone') : t('trends.myLatest', { count: answered.length, value: formatDecimal(latest) });
  const summary = latest === null || target === null ? said : t('trends.myTarget', { summary: said, target: formatCount(target) });
  return (
    <figure className="trend" aria-label={t('trends.myFigure')}>
      <figcaption>
        {t('trends.myCaption')} <span className="muted">{t('trends.myUnit')}</span>
      </figcaption>
      <p className="sr-only">{summary}</p>
      <div className="chart" aria-hidden="true">
        <FrtChart data={points.map((p) => ({ ...p, label: formatTime(p.start) }))} targetS={target} height={180} font={11} />
      </div>
    </figure>
  );
});
