import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt, Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../shared/node.type.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { Role } from './membership.entity.js';
import { User } from './user.entity.js';

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  description: 'Where an invitation stands.',
  valuesConfig: {
    PENDING: { description: 'Sent, not yet accepted, revoked or expired: its token can be accepted.' },
    ACCEPTED: { description: 'Accepted: the invitee is a member.' },
    REVOKED: { description: 'Revoked by an owner or admin; its token no longer works.' },
    EXPIRED: { description: 'Not accepted in time; `resendInvitation` issues a new token.' },
  },
});

/**
 * An invitation to join an organization, sent to an e-mail address. Only the SHA-256 hash of its
 * token is stored; the token travels by e-mail (or, without SMTP, once in the inviter's payload).
 */
@Entity({ tableName: 'invitations' })
@Index({ properties: ['organization', 'email'] })
@ObjectType({ implements: Node, description: 'An invitation to join the current organization. Owners and admins.' })
export class Invitation extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the invitation.' })
  declare id: string;

  /** Stored lower-case and trimmed: addresses are compared case-insensitively. */
  @Property({ type: 'string', length: 254 })
  @Field(() => String, { description: 'The invited e-mail address (lower-case).' })
  email!: string;

  @Enum({ items: () => Role, nativeEnumName: 'membership_role' })
  @Field(() => Role, { description: 'Role the invitee gets on accepting.' })
  role!: Role;

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash!: string;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  invitedBy: Ref<User> | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When the current token stops working (UTC); `resendInvitation` renews it.' })
  expiresAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When the invitation was last sent or re-sent (UTC).' })
  lastSentAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was accepted (UTC).' })
  acceptedAt: Opt<Date> | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  acceptedBy: Ref<User> | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was revoked (UTC).' })
  revokedAt: Opt<Date> | null = null;

  @Field(() => Date, { description: 'When the invitation was first made (UTC).' })
  declare createdAt: Opt<Date>;

  statusAt(now: Date): InvitationStatus {
    if (this.acceptedAt) return InvitationStatus.ACCEPTED;
    if (this.revokedAt) return InvitationStatus.REVOKED;
    return this.expiresAt <= now ? InvitationStatus.EXPIRED : InvitationStatus.PENDING;
  }
}
