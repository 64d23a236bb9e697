import { Collection, type Opt } from '@mikro-orm/core';
import { Entity, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../shared/base.entity.js';
import { Membership } from './membership.entity.js';

@Entity({ tableName: 'users' })
@ObjectType({ description: 'A person who signs in. Users are global; what they can see depends on their memberships.' })
export class User extends BaseEntity {
  @Field(() => ID, { description: 'UUID of the user.' })
  declare id: string;

  @Property({ type: 'string', length: 150 })
  @Unique()
  @Field(() => String, { description: 'Unique login name (stored lower-case).' })
  username!: string;

  @Property({ type: 'string', length: 254 })
  @Field(() => String, { description: 'E-mail address.' })
  email!: string;

  /** scrypt hash in PHC-like form; never exposed. */
  @Property({ type: 'string', length: 255, lazy: true })
  passwordHash!: string;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'Platform administrator: may manage plans and feature flags.' })
  isSuperuser: Opt<boolean> = false;

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'Inactive users cannot sign in and their tokens stop working.' })
  isActive: Opt<boolean> = true;

  /** Bumped by triggers when what a cached principal holds changes (see Migration20261203103000_SessionCache); never exposed. */
  @Property({ type: 'integer', default: 1 })
  authVersion: Opt<number> = 1;

  /** All memberships, across organizations; only read by authentication (a system read). */
  @OneToMany({ entity: () => Membership, mappedBy: 'user' })
  memberships = new Collection<Membership>(this);

  @Field(() => Date, { description: 'When the user was created (UTC).' })
  declare createdAt: Opt<Date>;
}
