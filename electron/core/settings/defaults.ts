import type { Settings } from '../../../shared/contract/schemas/settings';

/** Shipped defaults; a deployment overrides keys in the settings table (or FRONTLINE_* environment at start). */
export const DEFAULT_SETTINGS: Settings = {
  defaultRegion: 'GB',
  currency: 'GBP',
  breakReasons: ['Lunch', 'Coffee', 'Training', 'Meeting', 'Coaching', 'Technical issue'],
  value: {
    marginRate: 0.3,
    retentionRate: 0.8,
    discountRate: 0.1,
    // Lifetime value in minor units: £2,000 / £800 / £250.
    tierThresholds: { platinum: 200_000, gold: 80_000, silver: 25_000 },
  },
  demoLine: true,
  acw: { mode: 'time-boxed', timeBoxS: 60, extendS: 30 },
  missesBeforeUnavailable: 2,
  metrics: {
    serviceLevelThresholdS: 20,
    abandonTreatment: 'met-if-within-threshold',
    shortAbandonS: 5,
    excludeShortAbandonsFromAbandonRate: true,
    fcrWindowHours: 168,
    transferGraceMinutes: 15,
  },
  board: {
    stateThresholds: {
      ringing: { warnS: 15, criticalS: 30 },
      'on-call': { warnS: 600, criticalS: 1200 },
      'wrap-up': { warnS: 90, criticalS: 180 },
      break: { warnS: 900, criticalS: 1800 },
    },
    longestWaitWarnS: 60,
    longestWaitCriticalS: 120,
    trendBucketMinutes: 30,
  },
  sessions: { disconnectGraceS: 15, offlineAfterDisconnectS: 120, idleExpiryMinutes: 12 * 60 },
};
