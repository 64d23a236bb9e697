import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../../shared/money.js';

export enum ActionKind {
  FOLLOW_UP_STALE_DEAL = 'follow_up_stale_deal',
  DEAL_PAST_CLOSE_DATE = 'deal_past_close_date',
  OVERDUE_TASK = 'overdue_task',
  DEAL_AT_RISK = 'deal_at_risk',
  CROSS_SELL = 'cross_sell',
  CHASE_OVERDUE_INVOICE = 'chase_overdue_invoice',
  REORDER_STOCK = 'reorder_stock',
}
registerEnumType(ActionKind, {
  name: 'ActionKind',
  description: 'Why an action is suggested.',
  valuesConfig: {
    FOLLOW_UP_STALE_DEAL: { description: 'An open deal with no activity or stage move for a while.' },
    DEAL_PAST_CLOSE_DATE: { description: 'An open deal past its expected close date.' },
    OVERDUE_TASK: { description: 'An open task, call or meeting past its due time.' },
    DEAL_AT_RISK: { description: 'A high-value open deal that is late or has gone quiet.' },
    CROSS_SELL: { description: 'A product that similar accounts (same industry) buy and this account has not.' },
    CHASE_OVERDUE_INVOICE: { description: 'An issued invoice past its due date with a balance.' },
    REORDER_STOCK: { description: 'Open orders need more of a variant than is available.' },
  },
});

export enum ActionSubject {
  OPPORTUNITY = 'opportunity',
  ACTIVITY = 'activity',
  ACCOUNT = 'account',
  INVOICE = 'invoice',
  VARIANT = 'variant',
}
registerEnumType(ActionSubject, { name: 'ActionSubject', description: 'Kind of record an action concerns.' });

@ObjectType({ description: 'A suggested action, ranked by score, with the reason and the record it concerns. Needs `analytics.insights`.' })
export class NextBestAction {
  @Field(() => ActionKind, { description: 'Which rule suggested it.' })
  kind!: ActionKind;
  @Field(() => Float, { description: 'Priority from 0 to 100 (higher first): grows with the money at stake and how late or quiet things are.' })
  score!: number;
  @Field(() => String, { description: 'What to do, in a few words.' })
  title!: string;
  @Field(() => String, { description: 'Why, in plain language, with the numbers behind it.' })
  reason!: string;
  @Field(() => ActionSubject, { description: 'Kind of record it concerns.' })
  subjectType!: ActionSubject;
  @Field(() => ID, { description: 'ID of the record it concerns.' })
  subjectId!: string;
  @Field(() => ID, { nullable: true, description: 'The account involved, when there is one.' })
  accountId!: string | null;
  @Field(() => ID, { nullable: true, description: 'A second record the action points to (the product to offer for CROSS_SELL).' })
  relatedId!: string | null;
  @Field(() => Money, { nullable: true, description: 'Money at stake (deal amount, invoice balance, shortfall at list price).' })
  amount!: Money | null;
  @Field(() => ID, { nullable: true, description: 'Member who owns the record, when there is one.' })
  ownerId!: string | null;
}
