import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt, Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../shared/base.entity.js';
import { User } from './user.entity.js';

/** A personal access token. Only its SHA-256 hash is stored; the token itself is shown once. */
@Entity({ tableName: 'personal_tokens' })
@ObjectType({ description: 'One of your personal tokens (never the secret itself). Only ever shown to its owner.' })
export class PersonalToken extends BaseEntity {
  @Field(() => ID, { description: 'UUID of the token; pass it to `revokeToken` to revoke it.' })
  declare id: string;

  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash!: string;

  /** First characters of the token, to recognise it in lists without revealing it. */
  @Property({ type: 'string', length: 20 })
  @Field(() => String, { description: 'The first characters of the token (e.g. `scrm_pat_AbC123`), to recognise it.' })
  prefix!: string;

  @Property({ type: 'string', length: 100, default: '' })
  @Field(() => String, { description: 'Name given when the token was issued (`obtainToken(input: { tokenName })`), or how it was issued.' })
  name: Opt<string> = '';

  @Field(() => Date, { description: 'When the token was issued (UTC).' })
  declare createdAt: Opt<Date>;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When the token stops working (UTC).' })
  expiresAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the token was last used (UTC, to the minute); null if never.' })
  lastUsedAt: Opt<Date> | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Opt<Date> | null = null;
}
