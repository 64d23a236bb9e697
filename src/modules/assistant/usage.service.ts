import type { EntityManager } from '@mikro-orm/sql';
import type { AssistantUsageDayRow, AssistantUsageReport } from './dto/assistant.dto.js';
import type { UsageData } from './dto/assistant-context.dto.js';

/** The UTC day of a moment, as `YYYY-MM-DD`. */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Tokens the organization used with the model on a UTC day (recorded answers; reservations in flight excluded). */
export async function tokensUsedOn(em: EntityManager, organizationId: string, day: string): Promise<number> {
  const [row] = await em.execute<{ used: string | number }[]>(
    'select coalesce(sum(total_tokens), 0) as used from assistant_usage_days where organization_id = ? and day = ?::date',
    [organizationId, day],
  );
  return Number(row.used);
}

/**
 * Reserves a model call's expected tokens against the day's budget, or says how much is used when
 * the budget is spent. Reservations of one organization and day queue on an advisory lock for the
 * length of this short transaction, so concurrent questions cannot all pass the same check.
 */
export async function reserveTokens(
  em: EntityManager,
  organizationId: string,
  day: string,
  model: string,
  tokens: number,
  budget: number,
): Promise<{ reserved: true } | { reserved: false; used: number }> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`assistant-budget:${organizationId}:${day}`]);
  const [row] = await em.execute<{ used: string | number }[]>(
    'select coalesce(sum(total_tokens + reserved_tokens), 0) as used from assistant_usage_days where organization_id = ? and day = ?::date',
    [organizationId, day],
  );
  const used = Number(row.used);
  if (used >= budget) return { reserved: false, used };
  await em.execute(
    `insert into assistant_usage_days (id, created_at, updated_at, organization_id, day, model, reserved_tokens)
     values (gen_random_uuid(), now(), now(), ?, ?::date, ?, ?)
     on conflict (organization_id, day, model) do update set reserved_tokens = assistant_usage_days.reserved_tokens + excluded.reserved_tokens, updated_at = now()`,
    [organizationId, day, model, tokens],
  );
  return { reserved: true };
}

/**
 * Adds one answer's usage to the organization's row for the day and model and releases what its
 * calls reserved (one upsert; concurrent answers add up). `answered` counts answers the model gave.
 */
export async function recordUsage(
  em: EntityManager,
  organizationId: string,
  day: string,
  usage: UsageData & { model: string },
  reserved: number,
  answered: boolean,
): Promise<void> {
  await em.execute(
    `insert into assistant_usage_days
       (id, created_at, updated_at, organization_id, day, model, answers, model_calls, prompt_tokens, completion_tokens, total_tokens, latency_ms)
     values (gen_random_uuid(), now(), now(), ?, ?::date, ?, ?, ?, ?, ?, ?, ?)
     on conflict (organization_id, day, model) do update set
       answers = assistant_usage_days.answers + excluded.answers,
       model_calls = assistant_usage_days.model_calls + excluded.model_calls,
       prompt_tokens = assistant_usage_days.prompt_tokens + excluded.prompt_tokens,
       completion_tokens = assistant_usage_days.completion_tokens + excluded.completion_tokens,
       total_tokens = assistant_usage_days.total_tokens + excluded.total_tokens,
       latency_ms = assistant_usage_days.latency_ms + excluded.latency_ms,
       reserved_tokens = greatest(assistant_usage_days.reserved_tokens - ?, 0),
       updated_at = now()`,
    [
      organizationId,
      day,
      usage.model,
      answered ? 1 : 0,
      usage.modelCalls,
      usage.promptTokens,
      usage.completionTokens,
      usage.totalTokens,
      usage.latencyMs,
      reserved,
    ],
  );
}

type UsageRow = {
  day: string;
  model: string;
  answers: number;
  model_calls: number;
  prompt_tokens: string | number;
  completion_tokens: string | number;
  total_tokens: string | number;
  latency_ms: string | number;
};

/** The organization's usage per day and model over [from, to), with today's budget. */
export async function usageReport(
  em: EntityManager,
  organizationId: string,
  range: { from: Date; to: Date },
  budget: number,
  now: Date,
): Promise<AssistantUsageReport> {
  const lastDay = utcDay(new Date(range.to.getTime() - 1));
  const rows = await em.execute<UsageRow[]>(
    `select to_char(day, 'YYYY-MM-DD') as day, model, answers, model_calls, prompt_tokens, completion_tokens, total_tokens, latency_ms
     from assistant_usage_days where organization_id = ? and day >= ?::date and day <= ?::date and model_calls > 0 order by day, model`,
    [organizationId, utcDay(range.from), lastDay],
  );
  const days: AssistantUsageDayRow[] = rows.map((row) => ({
    day: row.day,
    model: row.model,
    answers: row.answers,
    modelCalls: row.model_calls,
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    totalTokens: Number(row.total_tokens),
    averageLatencyMs: row.model_calls > 0 ? Math.round(Number(row.latency_ms) / row.model_calls) : 0,
  }));
  const usedToday = await tokensUsedOn(em, organizationId, utcDay(now));
  return {
    from: range.from,
    to: range.to,
    dailyTokenBudget: budget,
    usedToday,
    remainingToday: Math.max(0, budget - usedToday),
    totalTokens: days.reduce((sum, d) => sum + d.totalTokens, 0),
    answers: days.reduce((sum, d) => sum + d.answers, 0),
    days,
  };
}
