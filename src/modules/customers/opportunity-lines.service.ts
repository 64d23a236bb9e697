import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { decimalMoney, Money, type MoneyValue } from '../../shared/money.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import type { OpportunityLineInput } from './dto/pipeline-inputs.dto.js';
import { Opportunity, OpportunityLine } from './opportunity.entity.js';
import { AmountSource } from './customers-enums.js';
import { type Actor } from './record-input.js';
import { checkLine, MAX_LINES, variantsOf } from './line-items.js';

/** Opportunity amounts and line totals stay exact (below 2^53) with these caps. */
export const MAX_AMOUNT = 1_000_000_000_000_000;

/** Checks the lines' variants (live, for sale unless in `onRecord`, in the organization, in the opportunity's currency). */
export async function checkLines(
  em: EntityManager,
  check: InputCheck,
  lines: OpportunityLineInput[],
  currency: string | null,
  onRecord?: ReadonlySet<string>,
) {
  if (lines.length > MAX_LINES) {
    check.fail('lines', UserErrorCode.INVALID, `at most ${MAX_LINES} lines`);
    return [];
  }
  const variants = await variantsOf(em, lines);
  const resolved: { variant: ProductVariant; quantity: number; unitPrice: number }[] = [];
  lines.forEach((line, i) => {
    const variant = checkLine(check, `lines.${i}`, line, variants, currency, 'opportunity', onRecord);
    if (!variant) return;
    resolved.push({ variant, quantity: line.quantity, unitPrice: line.unitPrice?.amount ?? variant.listPrice.amount });
  });
  return resolved;
}

export type CheckedLines = Awaited<ReturnType<typeof checkLines>>;

/** What the lines add up to, refused past MAX_AMOUNT (the amount's own cap). */
export function linesTotal(lines: readonly { quantity: number; unitPrice: number }[], currency: string): number {
  const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  if (total > MAX_AMOUNT)
    throw PayloadError.of(UserErrorCode.INVALID, 'lines', `The lines add up to more than ${decimalMoney(MAX_AMOUNT, currency)}`);
  return total;
}

/**
 * The amount after an update. An explicit amount makes it MANUAL; `amount: null` goes back to
 * LINES; while LINES, it is the total of the new lines (when replaced) or of the stored ones.
 */
export async function nextAmount(
  tx: EntityManager,
  opportunity: Opportunity,
  input: { amount?: MoneyValue | null },
  lines: CheckedLines | null,
  currency: string,
) {
  if (input.amount != null) return { amount: Money.of(input.amount.amount, currency), amountSource: AmountSource.MANUAL };
  const amountSource = input.amount === null ? AmountSource.LINES : opportunity.amountSource;
  if (amountSource === AmountSource.MANUAL) return { amount: Money.of(opportunity.amount.amount, currency), amountSource };
  const stored = async () =>
    (await tx.find(OpportunityLine, { opportunity: opportunity.id })).map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice.amount }));
  return { amount: Money.of(linesTotal(lines ?? (await stored()), currency), currency), amountSource };
}

export function replaceLines(tx: EntityManager, actor: Actor, opportunity: Opportunity, lines: CheckedLines) {
  lines.forEach((line, position) => {
    tx.create(OpportunityLine, {
      organization: actor.organizationId,
      opportunity,
      variant: line.variant,
      position,
      quantity: line.quantity,
      unitPrice: Money.of(line.unitPrice, opportunity.amount.currency),
    });
  });
}
