import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';

/**
 * A sales process: ordered stages an opportunity moves through. Every organization has exactly one
 * default pipeline (a database trigger creates it with the organization).
 */
@Entity({ tableName: 'pipelines' })
@ObjectType({
  implements: Node,
  description: 'A sales process: ordered stages an opportunity moves through. Exactly one per organization is the default.',
})
@Unique({ properties: ['organization', 'name'] })
@Index({
  name: 'pipelines_one_default',
  expression: 'create unique index "pipelines_one_default" on "pipelines" ("organization_id") where "is_default"',
})
export class Pipeline extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the pipeline.' })
  declare id: string;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'Name, unique per organization.' })
  name!: string;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'Whether new opportunities go here when no pipeline is named.' })
  isDefault: Opt<boolean> = false;
}

/** One step of a pipeline. */
@Entity({ tableName: 'pipeline_stages' })
@ObjectType({ implements: Node, description: 'One step of a pipeline, with the win probability opportunities take when they enter it.' })
@Unique({ properties: ['pipeline', 'name'] })
@Check({ name: 'pipeline_stages_probability_range', expression: 'probability >= 0 and probability <= 100' })
@Check({ name: 'pipeline_stages_won_is_closed', expression: 'not is_won or is_closed' })
export class PipelineStage extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the stage.' })
  declare id: string;

  @ManyToOne({ entity: () => Pipeline, ref: true, deleteRule: 'cascade', index: true })
  pipeline!: Ref<Pipeline>;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'Name, unique within the pipeline.' })
  name!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Order within the pipeline (0 first).' })
  position!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Default win probability in percent (0–100) for opportunities entering this stage.' })
  probability!: number;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'Reaching this stage means the deal is won (it is then also closed).' })
  isWon: Opt<boolean> = false;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'Reaching this stage closes the deal (won, or lost when not isWon).' })
  isClosed: Opt<boolean> = false;
}
