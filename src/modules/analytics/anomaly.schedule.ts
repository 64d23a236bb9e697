import { DAY_MS } from '../../shared/clock.js';
import { emitEvent } from '../events/emit.js';
import { EventType } from '../events/event-types.js';
import type { Schedule } from '../jobs/job-types.js';
import { anomalies } from './anomaly.service.js';
import { Granularity } from './dto/metrics.dto.js';
import { Severity } from './dto/insights.dto.js';

/** Complete days the daily scan looks at (a missed night is caught up the next). */
const SCAN_DAYS = 7;
const NOTIFY = new Set([Severity.HIGH, Severity.MEDIUM]);

/**
 * The daily anomaly scan: the last SCAN_DAYS complete UTC days by day, and `anomaly.detected` for
 * each HIGH or MEDIUM anomaly not announced before (keyed by metric, day and variant).
 */
export const anomalyScanSchedule: Schedule = {
  key: 'anomaly-scan',
  description: 'Scans the last days for HIGH and MEDIUM anomalies and emits anomaly.detected once per anomaly.',
  cron: (config) => config.jobs.schedules.anomalyScan,
  feature: 'analytics.insights',
  async run({ em, organizationId, now }) {
    const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
    const from = new Date(to.getTime() - SCAN_DAYS * DAY_MS);
    const found = (await anomalies(em, organizationId, { range: { from, to }, granularity: Granularity.DAY })).filter((a) => NOTIFY.has(a.severity));
    if (found.length === 0) return;
    const keyOf = (a: (typeof found)[number]) => `${a.metric.toUpperCase()}:${a.periodStart.toISOString().slice(0, 10)}:${a.variantId ?? ''}`;
    const keys = found.map(keyOf);
    const known = await em.execute<{ key: string }[]>(
      `select data->>'key' as key from domain_events where organization_id = ? and type = ? and data->>'key' in (${keys.map(() => '?').join(', ')})`,
      [organizationId, EventType.ANOMALY_DETECTED, ...keys],
    );
    const announced = new Set(known.map((k) => k.key));
    for (const anomaly of found) {
      const key = keyOf(anomaly);
      if (announced.has(key)) continue;
      announced.add(key);
      emitEvent(em, {
        organizationId,
        type: EventType.ANOMALY_DETECTED,
        subject: anomaly.variantId ? { type: 'ProductVariant', id: anomaly.variantId } : { type: 'Organization', id: organizationId },
        data: {
          key,
          // As the API names them (AnomalyMetric, Severity).
          metric: anomaly.metric.toUpperCase(),
          periodStart: anomaly.periodStart.toISOString(),
          severity: anomaly.severity.toUpperCase(),
          spike: anomaly.spike,
          observed: anomaly.observed,
          expected: anomaly.expected,
          score: anomaly.score,
          explanation: anomaly.explanation,
        },
      });
    }
    await em.flush();
  },
};
