import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Membership, Role } from '../../src/modules/core/membership.entity.js';
import { addMember, createUser, memberOf } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { MembershipsDocument } from '../generated/graphql.js';

const CHANGE = `mutation ($id: ID!, $role: Role!) { changeMemberRole(input: { membershipId: $id, role: $role }) { membership { role } errors { code } } }`;
const REMOVE = `mutation ($id: ID!) { removeMember(input: { membershipId: $id }) { removedMembershipId errors { code } } }`;
const LIST = `query ($first: Int!, $after: String) { memberships(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { role createdAt user { username email } } } } }`;

describe('membership management', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('does not let an admin change or remove an owner', async () => {
    const { token, organization } = await memberOf(t, { role: Role.ADMIN });
    const owner = await addMember(t, await createUser(t), organization, Role.OWNER);
    expect((await t.gql(CHANGE, { variables: { id: owner.id, role: 'VIEWER' }, token })).data.changeMemberRole.errors[0].code).toBe(
      'INSUFFICIENT_ROLE',
    );
    expect((await t.gql(REMOVE, { variables: { id: owner.id }, token })).data.removeMember.errors[0].code).toBe('INSUFFICIENT_ROLE');
    expect(await t.systemEm().count(Membership, { id: owner.id, role: Role.OWNER }, SYSTEM_READ)).toBe(1);
  });

  it('keeps the last owner', async () => {
    const { token, membership } = await memberOf(t);
    expect((await t.gql(CHANGE, { variables: { id: membership.id, role: 'ADMIN' }, token })).data.changeMemberRole.errors[0].code).toBe('LAST_OWNER');
    expect((await t.gql(REMOVE, { variables: { id: membership.id }, token })).data.removeMember.errors[0].code).toBe('LAST_OWNER');
    expect((await t.systemEm().findOneOrFail(Membership, { id: membership.id }, SYSTEM_READ)).role).toBe(Role.OWNER);
  });

  it('never leaves an organization without an owner when two owners demote each other at once', async () => {
    const first = await memberOf(t);
    const secondUser = await createUser(t);
    const second = await addMember(t, secondUser, first.organization, Role.OWNER);
    const { issueToken } = await import('../factories/core.js');
    const secondToken = await issueToken(t, secondUser);
    const results = await Promise.all([
      t.gql(CHANGE, { variables: { id: second.id, role: 'MEMBER' }, token: first.token }),
      t.gql(CHANGE, { variables: { id: first.membership.id, role: 'MEMBER' }, token: secondToken }),
    ]);
    // The loser is refused either by the owner count (LAST_OWNER) or, if the winner committed before
    // its request began, because it is no longer an owner (FORBIDDEN). Never both succeed.
    const codes = results.map((r) => r.data?.changeMemberRole?.errors[0]?.code ?? r.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(codes[1]).toBe('OK');
    expect(['LAST_OWNER', 'FORBIDDEN']).toContain(codes[0]);
    expect(await t.systemEm().count(Membership, { organization: first.organization.id, role: Role.OWNER }, SYSTEM_READ)).toBe(1);
  });

  it('removes a member and pages through members oldest first', async () => {
    const { token, organization } = await memberOf(t);
    const extra = await addMember(t, await createUser(t), organization, Role.VIEWER);
    await addMember(t, await createUser(t), organization, Role.MEMBER);
    const page1 = await t.gql(LIST, { variables: { first: 2 }, token });
    expect(page1.data.memberships.totalCount).toBe(3);
    expect(page1.data.memberships.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gql(LIST, { variables: { first: 2, after: page1.data.memberships.pageInfo.endCursor }, token });
    expect(page2.data.memberships.edges).toHaveLength(1);
    expect(page2.data.memberships.pageInfo.hasNextPage).toBe(false);
    expect((await t.gql(REMOVE, { variables: { id: extra.id }, token })).data.removeMember).toEqual({ removedMembershipId: extra.id, errors: [] });
    expect((await t.gql(LIST, { variables: { first: 10 }, token })).data.memberships.totalCount).toBe(2);
  });

  it('rejects page sizes over 100 and malformed cursors with a clear error', async () => {
    const { token } = await memberOf(t);
    const big = await t.gql(LIST, { variables: { first: 101 }, token });
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const bad = await t.gql(LIST, { variables: { first: 5, after: '%%%' }, token });
    expect(bad.errors?.[0]).toMatchObject({
      message: expect.stringContaining('`after` is not a valid cursor'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('reads a page of members with their users in a constant number of statements', async () => {
    const { token, organization } = await memberOf(t);
    for (let i = 0; i < 4; i++) await addMember(t, await createUser(t), organization, Role.MEMBER);
    await t.gql('{ me { id } }', { token });
    const small = await t.counter.measure(() => t.op(MembershipsDocument, { variables: { first: 50 }, token }));
    expect(small.result.data.memberships.edges).toHaveLength(5);
    for (let i = 0; i < 45; i++) await addMember(t, await createUser(t), organization, Role.MEMBER);
    const large = await t.counter.measure(() => t.op(MembershipsDocument, { variables: { first: 50 }, token }));
    expect(large.result.data.memberships.edges).toHaveLength(50);
    expect(large.count).toBe(small.count);
  });
});
