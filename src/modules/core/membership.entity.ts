import { Node } from '../../shared/node.type.js';
import { Entity, Enum, ManyToOne, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt, Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from './user.entity.js';

export enum Role {
  OWNER = 'owner',
  ADMIN = 'admin',
  MEMBER = 'member',
  VIEWER = 'viewer',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What a member may do in an organization.',
  valuesConfig: {
    OWNER: { description: 'Full control, including billing and owners.' },
    ADMIN: { description: 'Manages members (not owners), subscription and settings.' },
    MEMBER: { description: 'Works with records.' },
    VIEWER: { description: 'Reads records.' },
  },
});

@Entity({ tableName: 'memberships' })
@Unique({ properties: ['organization', 'user'] })
@ObjectType({ implements: Node, description: 'A user belonging to the current organization, with a role.' })
export class Membership extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the membership.' })
  declare id: string;

  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade', index: true })
  user!: Ref<User>;

  @Enum({ items: () => Role, nativeEnumName: 'membership_role' })
  @Field(() => Role, { description: 'Role in the organization.' })
  role!: Role;

  @Field(() => Date, { description: 'When the user joined (UTC).' })
  declare createdAt: Opt<Date>;
}
