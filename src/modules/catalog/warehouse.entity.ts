import { Node } from '../../shared/node.type.js';
import { Field, ID, ObjectType } from 'type-graphql';
import type { Opt } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';

/** A place stock is kept. */
@Entity({ tableName: 'warehouses' })
@ObjectType({ implements: Node, description: 'A place stock is kept.' })
@Unique({ properties: ['organization', 'code'] })
export class Warehouse extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the warehouse.' })
  declare id: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Display name.' })
  name!: string;

  /** Short code unique per organization, e.g. "MAIN". */
  @Property({ type: 'string', length: 50 })
  @Field(() => String, { description: 'Short code, unique per organization.' })
  code!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address: string | null = null;

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'Whether it is in use.' })
  active: Opt<boolean> = true;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was deleted (soft delete); null while live.' })
  deletedAt: Date | null = null;
}
