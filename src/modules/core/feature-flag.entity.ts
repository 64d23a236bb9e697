import type { Opt } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../shared/base.entity.js';

@Entity({ tableName: 'feature_flags' })
@ObjectType({ description: 'A capability a plan can switch on, coded `module.capability` (e.g. `analytics.insights`).' })
export class FeatureFlag extends BaseEntity {
  @Field(() => ID, { description: 'UUID of the feature flag.' })
  declare id: string;

  @Property({ type: 'string', length: 100 })
  @Unique()
  @Field(() => String, { description: 'Stable code in `module.capability` form.' })
  code!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'What the feature unlocks.' })
  description: Opt<string> = '';
}
