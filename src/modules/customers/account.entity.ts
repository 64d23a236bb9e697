import { Node } from '../../shared/node.type.js';
import { Field, ID, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from '../core/user.entity.js';
import { AccountSize } from './customers-enums.js';

/** A customer company. */
@Entity({ tableName: 'accounts' })
@ObjectType({ implements: Node, description: 'A customer company.' })
@Unique({ properties: ['organization', 'externalId'] })
@Index({ properties: ['organization', 'name'] })
export class Account extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the account.' })
  declare id: string;

  @Field(() => Date, { description: 'When the account was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Field(() => Date, { description: 'When the account last changed (UTC).' })
  declare updatedAt: Opt<Date>;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Company name.' })
  name!: string;

  @Property({ type: 'string', length: 253, nullable: true })
  @Field(() => String, { nullable: true, description: 'Web domain, e.g. example.com (lower case).' })
  domain: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Industry, e.g. Retail.' })
  industry: string | null = null;

  @Enum({ items: () => AccountSize, nativeEnumName: 'account_size', nullable: true })
  @Field(() => AccountSize, { nullable: true, description: 'Size by head count.' })
  size: AccountSize | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address: string | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null', index: true })
  owner: Ref<User> | null = null;

  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  @Field(() => [String], { description: 'Free-form tags.' })
  tags: Opt<string[]> = [];

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Identifier in an integrated system; unique per organization.' })
  externalId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was deleted (soft delete); null while live.' })
  deletedAt: Date | null = null;
}
