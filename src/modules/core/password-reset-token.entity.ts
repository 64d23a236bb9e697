import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt, Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity.js';
import { User } from './user.entity.js';

/** A single-use password-reset token sent by e-mail. Only its SHA-256 hash is stored; the table is the owner's alone. */
@Entity({ tableName: 'password_reset_tokens' })
export class PasswordResetToken extends BaseEntity {
  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Opt<Date> | null = null;
}
