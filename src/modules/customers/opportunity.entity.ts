import { LocalDateResolver } from 'graphql-scalars';
import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Embedded, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Money } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import { User } from '../core/user.entity.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import { AmountSource, OpportunityStatus } from './customers-enums.js';
import { share } from '../../shared/totals.js';

/** A potential deal with an account. */
@Entity({ tableName: 'opportunities' })
// salesMetrics' raw part (stale and edge days) reads by organization and this time.
@Index({ properties: ['organization', 'closedAt'] })
// The list's default order, so a page (and its joins) is read from the index, not sorted from every row.
@Index({ properties: ['organization', 'createdAt', 'id'] })
// salesMetrics' open and weighted pipeline (the state now, not a range): an index-only scan of the open deals.
@Index({
  name: 'opportunities_open_pipeline_index',
  expression: `create index "opportunities_open_pipeline_index" on "opportunities" ("organization_id", "amount_currency") include ("amount_amount", "probability") where "status" = 'open' and "deleted_at" is null`,
})
@ObjectType({ implements: Node, description: 'A potential deal with an account, moving through the stages of a pipeline.' })
@Check({ name: 'opportunities_probability_range', expression: 'probability >= 0 and probability <= 100' })
@Check({ name: 'opportunities_amount_non_negative', expression: 'amount_amount >= 0' })
@Index({ properties: ['organization', 'status'] })
export class Opportunity extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the opportunity.' })
  declare id: string;

  @Field(() => Date, { description: 'When the opportunity was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Field(() => Date, { description: 'When the opportunity last changed (UTC).' })
  declare updatedAt: Opt<Date>;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Name of the deal.' })
  name!: string;

  @ManyToOne({ entity: () => Account, ref: true, deleteRule: 'restrict', index: true })
  account!: Ref<Account>;

  @ManyToOne({ entity: () => Contact, ref: true, nullable: true, deleteRule: 'set null', index: true })
  primaryContact: Ref<Contact> | null = null;

  @Embedded(() => Money, { prefix: 'amount_' })
  @Field(() => Money, { description: "Expected deal value: the lines' total while amountSource is LINES, else the amount set by hand." })
  amount!: Money;

  // Rows written before the column existed, and raw inserts, count as set by hand: the safe reading
  // (nothing recomputes an amount somebody may have typed); the migration marks those equal to their lines' total.
  @Enum({ items: () => AmountSource, nativeEnumName: 'opportunity_amount_source', default: AmountSource.MANUAL })
  @Field(() => AmountSource, {
    description:
      'LINES: amount follows the lines (recomputed when they change); MANUAL: set by hand. Setting `amount` makes it MANUAL; `amount: null` in updateOpportunity goes back to LINES.',
  })
  amountSource: Opt<AmountSource> = AmountSource.MANUAL;

  @ManyToOne({ entity: () => Pipeline, ref: true, deleteRule: 'restrict', index: true })
  pipeline!: Ref<Pipeline>;

  @ManyToOne({ entity: () => PipelineStage, ref: true, deleteRule: 'restrict', index: true })
  stage!: Ref<PipelineStage>;

  @Enum({ items: () => OpportunityStatus, nativeEnumName: 'opportunity_status', default: OpportunityStatus.OPEN })
  @Field(() => OpportunityStatus, { description: "Open, won or lost; follows the stage's flags." })
  status: Opt<OpportunityStatus> = OpportunityStatus.OPEN;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: "Win probability in percent (0–100); the stage's default unless set." })
  probability!: number;

  @Property({ type: 'date', nullable: true })
  @Field(() => LocalDateResolver, { nullable: true, description: 'Expected close date (YYYY-MM-DD).' })
  expectedCloseDate: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it reached a closed stage (UTC); cleared when reopened.' })
  closedAt: Date | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null', index: true })
  owner: Ref<User> | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was lost.' })
  lostReason: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was deleted (soft delete); null while live.' })
  deletedAt: Date | null = null;

  @Field(() => Money, { description: 'amount × probability, rounded half up to the minor unit.' })
  get weightedAmount(): Opt<Money> {
    return Money.of(share(this.amount.amount, this.probability, 100), this.amount.currency);
  }
}

/** A product of interest on an opportunity. */
@Entity({ tableName: 'opportunity_lines' })
@ObjectType({ implements: Node, description: 'A product of interest on an opportunity: variant, quantity and quoted unit price.' })
@Check({ name: 'opportunity_lines_quantity_positive', expression: 'quantity > 0' })
export class OpportunityLine extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the line.' })
  declare id: string;

  @ManyToOne({ entity: () => Opportunity, ref: true, deleteRule: 'cascade', index: true })
  opportunity!: Ref<Opportunity>;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'restrict', index: true })
  variant!: Ref<ProductVariant>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Order of the line (0 first).' })
  position!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Quantity.' })
  quantity!: number;

  @Embedded(() => Money, { prefix: 'unit_price_' })
  @Field(() => Money, { description: "Quoted unit price (the variant's list price unless set)." })
  unitPrice!: Money;

  @Field(() => Money, { description: 'quantity × unit price.' })
  get total(): Opt<Money> {
    return Money.of(this.quantity * this.unitPrice.amount, this.unitPrice.currency);
  }
}

/** A contact's part in an opportunity. */
@Entity({ tableName: 'opportunity_contact_roles' })
@ObjectType({ implements: Node, description: "A contact's part in an opportunity, e.g. decision maker." })
@Unique({ properties: ['opportunity', 'contact'] })
export class OpportunityContactRole extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the role.' })
  declare id: string;

  @ManyToOne({ entity: () => Opportunity, ref: true, deleteRule: 'cascade', index: true })
  opportunity!: Ref<Opportunity>;

  @ManyToOne({ entity: () => Contact, ref: true, deleteRule: 'cascade', index: true })
  contact!: Ref<Contact>;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'Role label, e.g. Decision maker, Champion.' })
  role!: string;
}

/** One move of an opportunity between stages (the history analytics read). */
@Entity({ tableName: 'opportunity_stage_changes' })
@ObjectType({ implements: Node, description: 'One move of an opportunity between stages: from, to, when and by whom.' })
@Index({ properties: ['opportunity', 'changedAt'] })
export class OpportunityStageChange extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the change.' })
  declare id: string;

  @ManyToOne({ entity: () => Opportunity, ref: true, deleteRule: 'cascade' })
  opportunity!: Ref<Opportunity>;

  /** Null for the stage the opportunity was created in. */
  @ManyToOne({ entity: () => PipelineStage, ref: true, nullable: true, deleteRule: 'restrict', index: true })
  fromStage: Ref<PipelineStage> | null = null;

  @ManyToOne({ entity: () => PipelineStage, ref: true, deleteRule: 'restrict', index: true })
  toStage!: Ref<PipelineStage>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Probability after the change.' })
  probability!: number;

  @Embedded(() => Money, { prefix: 'amount_' })
  @Field(() => Money, { description: 'Amount at the time of the change.' })
  amount!: Money;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When (UTC).' })
  changedAt!: Date;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  changedBy: Ref<User> | null = null;
}
