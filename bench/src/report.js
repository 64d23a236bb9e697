/** The printed table, the ratios and the markdown table of one run. */
import { LABELS, SYSTEMS } from './systems.js';
import { median, percentile } from './util.js';

const TITLES = {
  product: 'product by id, c=32',
  opportunities: '50 opportunities + account, owner, stage, lines + variants, c=16',
  products: '50 products + variants + stock levels + warehouse, c=16',
  orders: 'create + confirm an order of 5 lines, c=16 (orders/s)',
  'metrics-month': 'salesMetrics, a year by month, 1M lines, sequential',
  'metrics-day': 'salesMetrics, a year by day, 1M lines, sequential',
};

const mb = (bytes) => (bytes ? `${(bytes / 2 ** 20).toFixed(0)}` : '–');
const f1 = (n) => (n == null ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));

/** Per workload and system: the medians over rounds (timed cells) or percentiles over all runs (salesMetrics). */
function summarize(results) {
  const rows = [];
  for (const key of Object.keys(TITLES)) {
    for (const system of SYSTEMS) {
      const cells = results.cells[`${key}/${system}`];
      if (!cells) continue;
      const count = results.counts[`${key}/${system}`];
      const row = { key, system, statements: count?.statements, roundTrips: count?.roundTrips, peak: Math.max(...cells.map((c) => c.peak)) };
      if (key.startsWith('metrics')) {
        const all = cells.flatMap((c) => c.samples).sort((a, b) => a - b);
        Object.assign(row, { p50: percentile(all, 50), p99: percentile(all, 99), perRound: cells.map((c) => median(c.samples)) });
      } else {
        Object.assign(row, {
          rps: median(cells.map((c) => c.rps)),
          p50: median(cells.map((c) => c.p50)),
          p99: median(cells.map((c) => c.p99)),
          perRound: cells.map((c) => c.rps),
        });
      }
      rows.push(row);
    }
  }
  return rows;
}

/** ours / other per round (throughput; for salesMetrics the other's p50 over ours, so > 1 means ours is faster), min/median/max. */
function ratios(rows) {
  const out = [];
  for (const key of Object.keys(TITLES)) {
    const ours = rows.find((r) => r.key === key && r.system === 'ours');
    if (!ours) continue;
    for (const other of rows.filter((r) => r.key === key && r.system !== 'ours')) {
      const per = ours.perRound.map((v, i) => (key.startsWith('metrics') ? other.perRound[i] / v : v / other.perRound[i])).filter(Number.isFinite);
      if (per.length) out.push({ key, other: other.system, min: Math.min(...per), median: median(per), max: Math.max(...per) });
    }
  }
  return out;
}

export function printReport(results) {
  const rows = summarize(results);
  const lines = [];
  const w = [58, 32, 9, 9, 9, 7, 7, 8, 8];
  const cols = ['workload', 'system', 'req/s', 'p50 ms', 'p99 ms', 'stmts', 'trips', 'RSS rest', 'RSS load'];
  const line = (values) => values.map((v, i) => (i < 2 ? String(v).padEnd(w[i]) : String(v).padStart(w[i]))).join(' ');
  lines.push('', '=== SimplyCRM bench:api ===', `${results.date}, ${results.machine.cpus} CPUs, Node ${results.machine.node}`, '');
  lines.push(line(cols));
  let last = '';
  for (const r of rows) {
    lines.push(
      line([
        r.key === last ? '' : TITLES[r.key],
        LABELS[r.system],
        r.rps == null ? '–' : f1(r.rps),
        f1(r.p50),
        f1(r.p99),
        f1(r.statements),
        f1(r.roundTrips),
        mb(results.rss.rest[r.system]),
        mb(r.peak),
      ]),
    );
    last = r.key;
  }
  lines.push('', 'Ratios ours / other, per round (throughput; salesMetrics: other p50 / ours p50), min / median / max:');
  for (const r of ratios(rows)) {
    lines.push(`  ${TITLES[r.key].padEnd(60)} vs ${LABELS[r.other].padEnd(32)} ${r.min.toFixed(2)} / ${r.median.toFixed(2)} / ${r.max.toFixed(2)}`);
  }
  lines.push('', `RSS after the rounds (MB): ${SYSTEMS.map((s) => `${LABELS[s]} ${mb(results.rss.after[s])}`).join(', ')}`);
  if (results.soak) {
    const s = results.soak;
    lines.push(
      `Soak: ${s.minutes} min of the opportunities page on ours, ${s.rps.toFixed(1)} req/s; RSS ${mb(s.startRss)} MB (first minute) → ${mb(s.endRss)} MB (last minute), ${s.growthPercent.toFixed(1)}% growth`,
    );
  }
  for (const [key, message] of Object.entries(results.failed ?? {}))
    lines.push(`FAILED (not timed): ${key}: ${message.split('\n')[0].slice(0, 300)}`);
  lines.push('', 'Markdown (README):', '');
  lines.push(`| workload | ${SYSTEMS.map((s) => LABELS[s]).join(' | ')} |`, `|---|${SYSTEMS.map(() => '---').join('|')}|`);
  for (const key of Object.keys(TITLES)) {
    const cells = SYSTEMS.map((s) => {
      const r = rows.find((x) => x.key === key && x.system === s);
      if (!r) return '—';
      const stmts = r.statements == null ? '' : `, ${f1(r.statements)} statements / ${f1(r.roundTrips)} round trips`;
      return key.startsWith('metrics') ? `p50 ${f1(r.p50)} ms, p99 ${f1(r.p99)} ms${stmts}` : `${f1(r.rps)}/s, p50 ${f1(r.p50)} ms${stmts}`;
    });
    if (cells.some((c) => c !== '—')) lines.push(`| ${TITLES[key]} | ${cells.join(' | ')} |`);
  }
  lines.push(`| RSS at rest / peak under load (MB) | ${SYSTEMS.map((s) => `${mb(results.rss.rest[s])} / ${mb(results.rss.peak[s])}`).join(' | ')} |`);
  lines.push('', 'Ratios (ours / other, median of rounds; min–max):', '');
  for (const r of ratios(rows))
    lines.push(`- ${TITLES[r.key]} vs ${LABELS[r.other]}: ${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`);
  lines.push('', 'Statements of one request (ours), from the counting proxy:');
  for (const [key, texts] of Object.entries(results.statementsOfOneRequest)) {
    if (!key.endsWith('/ours')) continue;
    lines.push(`  ${key.replace('/ours', '')}:`);
    for (const t of texts) lines.push(`    ${t.length > 160 ? `${t.slice(0, 160)}…` : t}`);
  }
  console.log(lines.join('\n'));
}
