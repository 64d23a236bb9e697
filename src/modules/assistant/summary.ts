import { decimalMoney } from '../../shared/money.js';
import { ContextPartStatus } from './assistant-enums.js';
import { type Gathered, partData } from './gather.js';

type Money = { amount: number; currency: string };
type Metrics = {
  currency: string;
  bookedRevenue: Money;
  invoicedRevenue: Money;
  collectedRevenue: Money;
  orderCount: number;
  averageOrderValue: Money;
  newLeads: number;
  leadConversionRate: number | null;
  winRate: number | null;
  openPipeline: Money;
  weightedPipeline: Money;
  averageSalesCycleDays: number | null;
  topProducts: { sku: string; description: string; units: number; revenue: Money }[];
  topAccounts: { name: string; orders: number; revenue: Money }[];
};
type Previous = { bookedRevenue: Money; orderCount: number };
type Action = { title: string; reason: string; score: number };
type Anomaly = { metric: string; periodStart: string; observed: number; expected: number; severity: string; explanation: string };
type Forecast = {
  sku?: string;
  variantId: string;
  totalExpected: number;
  method: string;
  reorder?: { reorderNow: boolean; quantity: number; reason: string } | null;
};
type Price = {
  sku: string;
  enoughData: boolean;
  currentPrice: Money;
  recommendedPrice: Money | null;
  expectedMarginChangePct: number | null;
  reason: string;
};

const money = (m: Money) => decimalMoney(m.amount, m.currency);
const pct = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
const day = (iso: string) => iso.slice(0, 10);

function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? 'unchanged' : 'up from nothing';
  const delta = ((now - before) / before) * 100;
  return `${delta >= 0 ? 'up' : 'down'} ${Math.abs(delta).toFixed(1)}% on the previous 30 days`;
}

/**
 * A plain-text summary of the gathered metrics: the answer when the model cannot give one. It is
 * built from the data alone, so the same data always gives the same text.
 */
export function summarize(gathered: Gathered, why: string): string {
  const lines: string[] = [
    `${why} Here is what the CRM data shows for ${day(gathered.from.toISOString())} to ${day(new Date(gathered.to.getTime() - 1).toISOString())} (UTC):`,
  ];

  const metrics = partData<{ current: Metrics; previous: Previous }>(gathered, 'salesMetrics');
  if (metrics) {
    const { current: m, previous: p } = metrics;
    lines.push(
      '',
      'Sales',
      `- Booked revenue ${money(m.bookedRevenue)} from ${m.orderCount} orders (${change(m.bookedRevenue.amount, p.bookedRevenue.amount)}); average order ${money(m.averageOrderValue)}.`,
      `- Invoiced ${money(m.invoicedRevenue)}, collected ${money(m.collectedRevenue)}.`,
      `- ${m.newLeads} new leads (conversion ${pct(m.leadConversionRate)}); win rate ${pct(m.winRate)}${m.averageSalesCycleDays === null ? '' : `, average sales cycle ${m.averageSalesCycleDays.toFixed(1)} days`}.`,
      `- Open pipeline ${money(m.openPipeline)}, weighted ${money(m.weightedPipeline)}.`,
    );
    if (m.topProducts.length > 0) {
      lines.push(
        `- Top products: ${m.topProducts
          .slice(0, 3)
          .map((t) => `${t.sku} (${t.units} units, ${money(t.revenue)})`)
          .join('; ')}.`,
      );
    }
    if (m.topAccounts.length > 0) {
      lines.push(
        `- Top accounts: ${m.topAccounts
          .slice(0, 3)
          .map((t) => `${t.name} (${t.orders} orders, ${money(t.revenue)})`)
          .join('; ')}.`,
      );
    }
  }

  const actions = partData<Action[]>(gathered, 'nextBestActions');
  if (actions) {
    lines.push('', 'Next best actions');
    for (const action of actions.slice(0, 5)) lines.push(`- ${action.title} (score ${Math.round(action.score)}): ${action.reason}`);
  }

  const anomalies = partData<Anomaly[]>(gathered, 'anomalies');
  if (anomalies) {
    lines.push('', 'Anomalies');
    for (const a of anomalies.slice(0, 5)) lines.push(`- ${day(a.periodStart)} ${a.metric} (${a.severity}): ${a.explanation}`);
  }

  const forecasts = partData<Forecast[]>(gathered, 'demandForecasts');
  if (forecasts) {
    lines.push('', 'Demand, next 28 days');
    for (const f of forecasts) {
      const reorder = f.reorder?.reorderNow ? ` Reorder ${f.reorder.quantity} now: ${f.reorder.reason}` : '';
      lines.push(`- ${f.sku ?? f.variantId}: about ${Math.round(f.totalExpected)} units (${f.method}).${reorder}`);
    }
  }

  const prices = partData<Price[]>(gathered, 'priceRecommendations');
  if (prices) {
    const useful = prices.filter((p) => p.enoughData && p.recommendedPrice);
    lines.push('', 'Prices');
    if (useful.length === 0) lines.push('- No price change is supported by the data yet.');
    for (const p of useful) {
      lines.push(
        `- ${p.sku}: ${money(p.currentPrice)} → ${money(p.recommendedPrice as Money)} (margin ${p.expectedMarginChangePct === null ? 'n/a' : `${p.expectedMarginChangePct >= 0 ? '+' : ''}${p.expectedMarginChangePct.toFixed(1)}%`}).`,
      );
    }
  }

  const empty = gathered.parts.filter((p) => p.part.status === ContextPartStatus.EMPTY).map((p) => p.part.name);
  if (empty.length > 0) lines.push('', `Nothing to report from: ${empty.join(', ')}.`);
  const withheld = gathered.parts.filter((p) => p.part.status !== ContextPartStatus.INCLUDED && p.part.status !== ContextPartStatus.EMPTY);
  for (const p of withheld)
    lines.push(`Not included: ${p.part.name} (${p.part.status === ContextPartStatus.WITHHELD ? p.part.reason : 'could not be gathered'}).`);
  return lines.join('\n');
}
