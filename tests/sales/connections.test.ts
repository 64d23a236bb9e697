import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, unique } from '../factories/core.js';
import { caller, nodesOf } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

type Page = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: any }[];
};

/** Every page of a connection, `size` at a time, through its cursors. */
async function allPages(read: (after: string | null) => Promise<Page>): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  do {
    const page: Page = await read(after);
    pages.push(page);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && pages.length < 100);
  return pages;
}

describe('connections for lists that grow', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await memberOf(t);
    api = caller(t, owner.token);
  });
  afterAll(() => t.close());

  it('pages through pipelines, the default first then by name, with a total', async () => {
    for (const name of ['Zeta', 'Alpha', 'Mid'])
      await api.mutate('createPipeline', { name: `${name} ${unique('p')}`, stages: [{ name: 'Open', probability: 10 }] }, 'pipeline { id }');
    const PIPELINES = `query ($after: String) { pipelines(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { name isDefault } } } }`;
    const pages = await allPages(async (after) => (await api.data(PIPELINES, { after })).pipelines);
    expect(pages.map((p) => p.edges.length)).toEqual([2, 2]);
    expect(pages.every((p) => p.totalCount === 4)).toBe(true);
    expect(pages.map((p) => p.pageInfo.hasPreviousPage)).toEqual([false, true]);
    const names = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(names[0]).toMatchObject({ name: 'Sales', isDefault: true });
    expect(names.slice(1).map((n) => n.name.split(' ')[0])).toEqual(['Alpha', 'Mid', 'Zeta']);
  });

  it('pages through a timeline newest first, each entry once, even when entries share a timestamp', async () => {
    const account = (await api.mutate('createAccount', { name: unique('Timeline') }, 'account { id }')).account.id;
    for (let i = 0; i < 4; i++) {
      await api.mutate('createActivity', { type: 'NOTE', subject: `Note ${i}`, accountId: account }, 'activity { id }');
      await api.mutate('updateAccount', { id: account, industry: `Industry ${i}` }, 'account { id }');
    }
    const TIMELINE = `query ($id: ID!, $first: Int!, $after: String) { account(id: $id) { timeline(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { kind at activity { id } change { id } } } } } }`;
    const key = (e: { node: { activity: { id: string } | null; change: { id: string } | null } }) => e.node.activity?.id ?? e.node.change?.id;
    const read = async (first: number, after: string | null) => (await api.data(TIMELINE, { id: account, first, after })).account.timeline as Page;
    const whole = await read(100, null);
    expect(whole.totalCount).toBe(9);
    expect(whole.edges).toHaveLength(9);
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const paged = await allPages((after) => read(2, after));
    expect(paged).toHaveLength(5);
    expect(paged.flatMap((p) => p.edges.map(key))).toEqual(whole.edges.map(key));
    expect(paged.every((p) => p.totalCount === 9)).toBe(true);

    // Every entry at the same microsecond: order falls to kind (activities first) then ID, and pages still split cleanly.
    const em = t.systemEm();
    await em.execute(`update activities set created_at = '2026-06-01T10:00:00.123456Z' where account_id = ?`, [account]);
    await em.execute(`update record_changes set at = '2026-06-01T10:00:00.123456Z' where subject_id = ?`, [account]);
    const tied = await read(100, null);
    expect(tied.edges.slice(0, 4).every((e) => e.node.kind === 'ACTIVITY')).toBe(true);
    const tiedPages = await allPages((after) => read(3, after));
    expect(tiedPages.flatMap((p) => p.edges.map(key))).toEqual(tied.edges.map(key));
    expect(new Set(tiedPages.flatMap((p) => p.edges.map(key))).size).toBe(9);
  });

  it('refuses a timeline cursor it did not hand out with BAD_USER_INPUT, not a database error', async () => {
    const account = (await api.mutate('createAccount', { name: unique('Cursor') }, 'account { id }')).account.id;
    const forged = [
      'not a cursor',
      Buffer.from(JSON.stringify(["2026-01-01'; drop table accounts; --", 'activity', account])).toString('base64url'),
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000Z', 'other', account])).toString('base64url'),
      Buffer.from(JSON.stringify([1, 2, 3])).toString('base64url'),
    ];
    for (const after of forged) {
      const res = await api.gql('query ($id: ID!, $after: String) { account(id: $id) { timeline(after: $after) { totalCount } } }', {
        id: account,
        after,
      });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });

  it('caps a timeline page at 100 like every connection', async () => {
    const account = (await api.mutate('createAccount', { name: unique('Cap') }, 'account { id }')).account.id;
    const res = await api.gql('query ($id: ID!) { account(id: $id) { timeline(first: 101) { totalCount } } }', { id: account });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("keeps another organization's timeline entries out of every page", async () => {
    const mine = (await api.mutate('createAccount', { name: unique('Mine') }, 'account { id }')).account.id;
    const stranger = caller(t, (await memberOf(t)).token);
    const res = await stranger.gql('query ($id: ID!) { account(id: $id) { timeline { totalCount } } }', { id: mine });
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const own = (await stranger.mutate('createAccount', { name: unique('Theirs') }, 'account { id }')).account.id;
    const theirs = await stranger.data('query ($id: ID!) { account(id: $id) { timeline { totalCount edges { node { kind } } } } }', { id: own });
    expect(nodesOf(theirs.account.timeline)).toHaveLength(1);
    expect(theirs.account.timeline.totalCount).toBe(1);
  });
});
