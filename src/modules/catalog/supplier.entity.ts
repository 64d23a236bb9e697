import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';

/** A company the organization buys from. Needs the plan feature `catalog.manage_suppliers`. */
@Entity({ tableName: 'suppliers' })
@ObjectType({ implements: Node, description: 'A company the organization buys from. Needs the plan feature `catalog.manage_suppliers`.' })
@Unique({ properties: ['organization', 'externalId'] })
export class Supplier extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the supplier.' })
  declare id: string;

  @Field(() => Date, { description: 'When the supplier was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Property({ type: 'string', length: 254, nullable: true })
  @Field(() => String, { nullable: true, description: 'Contact e-mail.' })
  email: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  @Field(() => String, { nullable: true, description: 'Contact phone.' })
  phone: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Website URL.' })
  website: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address: string | null = null;

  /** e.g. "Net 30". */
  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Payment terms, e.g. Net 30.' })
  paymentTerms: string | null = null;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Usual days from order to delivery.' })
  leadTimeDays: Opt<number> = 0;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Free-form notes.' })
  notes: Opt<string> = '';

  /** Identifier in an integrated system; unique per organization. */
  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Identifier in an integrated system; unique per organization.' })
  externalId: string | null = null;

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'Whether the supplier is in use.' })
  active: Opt<boolean> = true;

  /** Soft delete: set when deleted, cleared on restore. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was deleted (soft delete); null while live.' })
  deletedAt: Date | null = null;
}
