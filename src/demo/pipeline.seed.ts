import { randomUUID } from 'node:crypto';
import { type PlannedAccount, changeRow } from './customers.seed.js';
import { DAY, HOUR, isoDate, priceAt, type Row, type Rng, type SeedContext, spread, type WonDeal } from './seed-kit.js';
import { ActivityType, AmountSource, ChangeAction, LeadStatus, OpportunityStatus, SubjectType } from '../modules/customers/customers-enums.js';
import { type PlannedLead } from './leads.seed.js';

/** Demo opportunities with their stage history, and activities on every kind of record. */

export type Stage = { id: string; pipelineId: string; name: string; probability: number; isWon: boolean; isClosed: boolean };

const OPEN_OPPORTUNITIES = 115;
const WON_OPPORTUNITIES = 80;
const LOST_OPPORTUNITIES = 55;
/** Share of converted leads that brought an opportunity along. */
const CONVERSIONS_WITH_OPPORTUNITY = 0.6;

const THEMES: Record<string, string[]> = {
  Apparel: ['Staff uniforms', 'Team apparel refresh', 'Branded merchandise', 'Winter workwear'],
  Kitchen: ['Kitchen refit', 'Breakroom supplies', 'Café equipment', 'Catering kit'],
  Outdoor: ['Team retreat gear', 'Outdoor program kit', 'Safety and first aid', 'Event equipment'],
  Office: ['Office refresh', 'New office fit-out', 'Back-to-school supplies', 'Annual stationery contract'],
};
const LOST_REASONS = [
  'Chose a competitor',
  'Budget cut',
  'No decision made',
  'Price too high',
  'Timing: revisit next year',
  'Stayed with current supplier',
];
const ROLES = ['Influencer', 'Technical evaluator', 'Champion', 'Budget holder'];

type Plan = { stages: Stage[]; account: PlannedAccount; contactId: string; times: number[]; lead: PlannedLead | null };

export type PipelineRows = {
  opportunities: Row[];
  lines: Row[];
  roles: Row[];
  stageChanges: Row[];
  changes: Row[];
  wonDeals: WonDeal[];
  subjects: ActivitySubject[];
};

/** The stage paths of all opportunities: forward one stage at a time; lost ones drop out from an open stage. */
function stagePaths(r: Rng, stages: Stage[]): Stage[][] {
  const open = stages.filter((s) => !s.isClosed);
  const won = stages.find((s) => s.isWon)!;
  const lost = stages.find((s) => s.isClosed && !s.isWon)!;
  const paths: Stage[][] = [];
  for (let n = 0; n < OPEN_OPPORTUNITIES; n++) paths.push(open.slice(0, (n % open.length) + 1));
  for (let n = 0; n < WON_OPPORTUNITIES; n++) paths.push([...open, won]);
  for (let n = 0; n < LOST_OPPORTUNITIES; n++)
    paths.push([
      ...open.slice(
        0,
        r.weighted([1, 2, 3, 4], (k) => 5 - k),
      ),
      lost,
    ]);
  return r.shuffle(paths);
}

/** When the opportunity was created and moved to each later stage of its path. */
function timeline(ctx: SeedContext, path: Stage[], createdAt: number | null): number[] {
  const { r, start, now } = ctx;
  const closed = path.at(-1)!.isClosed;
  const created = createdAt ?? (closed ? start + r.between(0, 320) * DAY : now - r.between(3, path.length === 1 ? 45 : 160) * DAY);
  if (path.length === 1) return [created];
  const end = closed ? Math.min(created + r.between(14, 110) * DAY, now - 2 * HOUR) : created + r.between(0.3, 0.95) * (now - created);
  return [created, ...spread(r, created, end, path.length - 1)];
}

/** 250 opportunities over the default pipeline; converted leads bring some of them. */
export function planOpportunities(ctx: SeedContext, stages: Stage[], accounts: PlannedAccount[], leads: PlannedLead[]): PipelineRows {
  const { r, now } = ctx;
  const paths = stagePaths(r, stages);
  const plans: Plan[] = [];
  for (const lead of leads) {
    if (!lead.conversion || !r.chance(CONVERSIONS_WITH_OPPORTUNITY)) continue;
    // A recent conversion cannot have gone through the whole pipeline yet.
    const recent = now - lead.conversion.at < 75 * DAY;
    const index = paths.findIndex((p) => !recent || !p.at(-1)!.isClosed);
    const [path] = paths.splice(index, 1);
    const { account, contact } = lead.conversion;
    plans.push({ stages: path, account, contactId: contact.id, times: timeline(ctx, path, lead.conversion.at), lead });
  }
  for (const path of paths) {
    const times = timeline(ctx, path, null);
    const account = r.weighted(
      accounts.filter((a) => a.createdAt <= times[0]),
      (a) => a.size.orders,
    );
    const contacts = account.contacts.filter((c) => c.createdAt <= times[0]);
    plans.push({ stages: path, account, contactId: r.pick(contacts).id, times, lead: null });
  }
  const rows: PipelineRows = { opportunities: [], lines: [], roles: [], stageChanges: [], changes: [], wonDeals: [], subjects: [] };
  for (const plan of plans) addOpportunity(ctx, plan, rows);
  return rows;
}

function addOpportunity(ctx: SeedContext, plan: Plan, rows: PipelineRows): void {
  const { r, now } = ctx;
  const id = randomUUID();
  const [created] = plan.times;
  const last = plan.times.at(-1)!;
  const stage = plan.stages.at(-1)!;
  const category = r.pick(plan.account.industry.categories);
  const candidates = ctx.variants.filter((v) => v.category === category);
  const lines = r
    .shuffle(candidates.length ? candidates : ctx.variants)
    .slice(0, r.int(1, 3))
    .map((variant) => ({ variant, quantity: 5 * r.int(1, 12), unitPrice: priceAt(variant, created) }));
  const amount = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  const name = `${plan.account.short} – ${r.pick(THEMES[category] ?? THEMES.Office)}`;
  const status = stage.isWon ? OpportunityStatus.WON : stage.isClosed ? OpportunityStatus.LOST : OpportunityStatus.OPEN;
  const closedAt = stage.isClosed ? last : null;
  rows.opportunities.push({
    id,
    created_at: new Date(created),
    updated_at: new Date(last),
    name,
    account_id: plan.account.id,
    primary_contact_id: plan.contactId,
    amount_amount: amount,
    amount_currency: 'USD',
    amount_source: AmountSource.LINES,
    pipeline_id: stage.pipelineId,
    stage_id: stage.id,
    status,
    probability: stage.probability,
    expected_close_date: isoDate(closedAt ?? now + r.between(7, 90) * DAY),
    closed_at: closedAt == null ? null : new Date(closedAt),
    owner_id: ctx.userId,
    lost_reason: status === OpportunityStatus.LOST && r.chance(0.8) ? r.pick(LOST_REASONS) : null,
  });
  lines.forEach((line, position) => {
    rows.lines.push({
      id: randomUUID(),
      created_at: new Date(created),
      updated_at: new Date(created),
      opportunity_id: id,
      variant_id: line.variant.id,
      position,
      quantity: line.quantity,
      unit_price_amount: line.unitPrice,
      unit_price_currency: 'USD',
    });
  });
  addRoles(ctx, plan, id, rows);
  addStageHistory(ctx, plan, id, amount, rows);
  if (plan.lead?.conversion) plan.lead.conversion.opportunityId = id;
  if (status === OpportunityStatus.WON)
    rows.wonDeals.push({ id, name, accountId: plan.account.id, contactId: plan.contactId, closedAt: last, lines });
  rows.subjects.push({ column: 'opportunity_id', id, from: created, to: closedAt ?? now, open: closedAt == null });
}

function addRoles(ctx: SeedContext, plan: Plan, opportunityId: string, rows: PipelineRows): void {
  const { r } = ctx;
  const at = new Date(plan.times[0]);
  const role = (contactId: string, name: string) =>
    rows.roles.push({ id: randomUUID(), created_at: at, updated_at: at, opportunity_id: opportunityId, contact_id: contactId, role: name });
  if (!r.chance(0.6)) return;
  role(plan.contactId, 'Decision maker');
  const others = plan.account.contacts.filter((c) => c.id !== plan.contactId && c.createdAt <= plan.times[0]);
  if (others.length && r.chance(0.5)) role(r.pick(others).id, r.pick(ROLES));
}

/** One stage-change row per move (the first from no stage) and the matching timeline entries. */
function addStageHistory(ctx: SeedContext, plan: Plan, opportunityId: string, amount: number, rows: PipelineRows): void {
  plan.stages.forEach((stage, k) => {
    const at = new Date(plan.times[k]);
    const from = k === 0 ? null : plan.stages[k - 1];
    rows.stageChanges.push({
      id: randomUUID(),
      created_at: at,
      updated_at: at,
      opportunity_id: opportunityId,
      from_stage_id: from?.id ?? null,
      to_stage_id: stage.id,
      probability: stage.probability,
      amount_amount: amount,
      amount_currency: 'USD',
      changed_at: at,
      changed_by_id: ctx.userId,
    });
    rows.changes.push(
      from
        ? changeRow(ctx, SubjectType.OPPORTUNITY, opportunityId, ChangeAction.STAGE_CHANGED, plan.times[k], {
            stage: { from: from.name, to: stage.name },
          })
        : changeRow(ctx, SubjectType.OPPORTUNITY, opportunityId, ChangeAction.CREATED, plan.times[k], { stage: stage.name }),
    );
  });
}

/** A record activities can be about, and the span in which they happened. */
export type ActivitySubject = {
  column: 'lead_id' | 'contact_id' | 'account_id' | 'opportunity_id';
  id: string;
  from: number;
  to: number;
  open: boolean;
};

const ACTIVITIES: Record<ActivitySubject['column'], number> = { opportunity_id: 140, lead_id: 90, account_id: 80, contact_id: 90 };

const ACTIVITY_TYPES = [
  { type: ActivityType.CALL, weight: 25 },
  { type: ActivityType.EMAIL, weight: 25 },
  { type: ActivityType.MEETING, weight: 15 },
  { type: ActivityType.NOTE, weight: 15 },
  { type: ActivityType.TASK, weight: 20 },
];

const ACTIVITY_TEXT: Record<ActivityType, { subjects: string[]; bodies: string[] }> = {
  [ActivityType.CALL]: {
    subjects: ['Intro call', 'Follow-up call about pricing', 'Discovery call', 'Check-in call', 'Call about delivery schedule', 'Renewal call'],
    bodies: [
      'Left a voicemail.',
      'Walked through the price list; they will compare with their current supplier.',
      'Happy with the last delivery.',
      '',
    ],
  },
  [ActivityType.EMAIL]: {
    subjects: ['Sent price list', 'Sent proposal', 'Sent catalog', 'Follow-up email', 'Sent delivery details'],
    bodies: ['Attached the current price list.', 'Proposal with volume discount attached.', ''],
  },
  [ActivityType.MEETING]: {
    subjects: ['Product demo', 'On-site visit', 'Quarterly business review', 'Contract negotiation', 'Kick-off meeting'],
    bodies: ['Brought samples of the bestsellers.', 'Agreed next steps and a timeline.', ''],
  },
  [ActivityType.NOTE]: {
    subjects: [
      'Prefers deliveries on Tuesdays',
      'Budget approved for next quarter',
      'Decision expected after board meeting',
      'Interested in bulk discount',
      'Buys kitchenware from a competitor',
    ],
    bodies: [''],
  },
  [ActivityType.TASK]: {
    subjects: [
      'Send revised quote',
      'Prepare proposal',
      'Schedule demo',
      'Confirm delivery address',
      'Follow up on samples',
      'Call back about volume pricing',
    ],
    bodies: [''],
  },
};

/** At `hour` o'clock UTC on the day of `at`. */
const atHour = (at: number, hour: number) => Math.floor(at / DAY) * DAY + hour * HOUR;

/** Past calls, e-mails, meetings, notes and tasks, plus open tasks and meetings in the coming weeks (a few tasks overdue). */
export function planActivities(ctx: SeedContext, subjects: ActivitySubject[]): Row[] {
  const { r } = ctx;
  const rows: Row[] = [];
  for (const [column, count] of Object.entries(ACTIVITIES)) {
    const candidates = subjects.filter((s) => s.column === column);
    for (let n = 0; n < count; n++) {
      const subject = r.pick(candidates);
      rows.push(activity(ctx, subject, r.weighted(ACTIVITY_TYPES, (t) => t.weight).type));
    }
  }
  return rows;
}

function activity(ctx: SeedContext, subject: ActivitySubject, type: ActivityType): Row {
  const { r, now } = ctx;
  const happened = Math.round(subject.from + r.next() * (subject.to - subject.from));
  let created = happened;
  let due: number | null = null;
  let completed: number | null = null;
  const scheduled = type === ActivityType.TASK || type === ActivityType.MEETING;
  if (scheduled && subject.open && r.chance(type === ActivityType.TASK ? 0.5 : 0.2)) {
    const overdue = type === ActivityType.TASK && r.chance(0.15);
    due = atHour(now + (overdue ? -r.int(1, 10) : r.int(1, 28)) * DAY, r.int(9, 17));
    created = Math.max(subject.from, Math.min(now, due) - r.between(1, 14) * DAY);
  } else if (scheduled) {
    due = happened;
    completed = Math.min(happened + (type === ActivityType.MEETING ? HOUR : r.between(0, 2) * DAY), now - 60_000);
    created = Math.max(subject.from, happened - r.between(1, 7) * DAY);
  } else if (type !== ActivityType.NOTE) completed = happened;
  const text = ACTIVITY_TEXT[type];
  return {
    id: randomUUID(),
    created_at: new Date(created),
    updated_at: new Date(completed ?? created),
    type,
    subject: r.pick(text.subjects),
    body: r.pick(text.bodies),
    due_at: due == null ? null : new Date(due),
    completed_at: completed == null ? null : new Date(completed),
    owner_id: ctx.userId,
    created_by_id: ctx.userId,
    lead_id: subject.column === 'lead_id' ? subject.id : null,
    contact_id: subject.column === 'contact_id' ? subject.id : null,
    account_id: subject.column === 'account_id' ? subject.id : null,
    opportunity_id: subject.column === 'opportunity_id' ? subject.id : null,
  };
}

/** Leads, accounts and contacts as activity subjects (opportunities add themselves while planned). */
export function recordSubjects(ctx: SeedContext, accounts: PlannedAccount[], leads: PlannedLead[]): ActivitySubject[] {
  const subjects: ActivitySubject[] = [];
  for (const lead of leads) {
    const end = lead.conversion?.at ?? (lead.status === LeadStatus.DISQUALIFIED ? lead.changes.at(-1)!.at : ctx.now);
    subjects.push({ column: 'lead_id', id: lead.id, from: lead.createdAt, to: end, open: end === ctx.now });
  }
  for (const account of accounts) {
    const from = Math.max(account.createdAt, ctx.start);
    subjects.push({ column: 'account_id', id: account.id, from, to: ctx.now, open: true });
    for (const contact of account.contacts)
      subjects.push({ column: 'contact_id', id: contact.id, from: Math.max(contact.createdAt, ctx.start), to: ctx.now, open: true });
  }
  return subjects;
}
