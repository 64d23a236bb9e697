import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Account } from '../../src/modules/customers/account.entity.js';
import { RecordChange } from '../../src/modules/customers/activity.entity.js';
import { Contact } from '../../src/modules/customers/contact.entity.js';
import { SEARCH_MAX_LENGTH, SEARCH_MAX_TERMS } from '../../src/shared/filters.js';
import { memberOf, unique } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const NUL = '\u0000';
const LONE_HIGH = '\uD800';
const LONE_LOW = '\uDC00';

const CREATE_ACCOUNT = `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id } errors { field code message } } }`;
const UPDATE_ACCOUNT = `mutation ($input: UpdateAccountInput!) { updateAccount(input: $input) { account { id } errors { field code message } } }`;
const CREATE_CONTACT = `mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { field code message } } }`;
const OBTAIN_TOKEN = `mutation ($input: ObtainTokenInput!) { obtainToken(input: $input) { token errors { field code message } } }`;
const PRODUCTS = `query ($filter: ProductFilter) { products(first: 5, filter: $filter) { totalCount } }`;

describe('text that PostgreSQL cannot store, refused in one place for every input', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
  });
  afterAll(() => t.close());

  const allAccounts = () => t.systemEm().count(Account, { organization: member.organization.id }, SYSTEM_READ);
  const accountsNamed = (name: string) => t.systemEm().count(Account, { organization: member.organization.id, name }, SYSTEM_READ);

  it.each([
    ['a NUL byte', `Acme${NUL}Corp`, 'must not contain NUL characters (U+0000)'],
    ['a lone high surrogate', `Acme${LONE_HIGH}Corp`, 'must not contain unpaired UTF-16 surrogates (not valid Unicode)'],
    ['a lone low surrogate', `${LONE_LOW}Acme`, 'must not contain unpaired UTF-16 surrogates (not valid Unicode)'],
  ])('refuses %s in a created record with a payload error naming the field, writing nothing', async (_, name, message) => {
    const before = await allAccounts();
    const result = await caller(t, member.token).gql(CREATE_ACCOUNT, { input: { name } });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.createAccount).toEqual({ account: null, errors: [{ field: 'name', code: 'INVALID', message: `name ${message}` }] });
    // Nothing stored, not even with U+FFFD in place of a surrogate.
    expect(await allAccounts()).toBe(before);
  });

  it('names the position of a bad string inside a list input', async () => {
    const name = unique('Tagged');
    const result = await caller(t, member.token).gql(CREATE_ACCOUNT, { input: { name, tags: ['ok', `b${NUL}ad`] } });
    expect(result.data.createAccount.errors).toEqual([
      { field: 'tags.1', code: 'INVALID', message: 'tags.1 must not contain NUL characters (U+0000)' },
    ]);
    expect(await accountsNamed(name)).toBe(0);
  });

  it('reports every bad field of one input at once', async () => {
    const result = await caller(t, member.token).gql(CREATE_CONTACT, { input: { firstName: `A${LONE_HIGH}`, lastName: `B${NUL}` } });
    expect(result.data.createContact.errors.map((e: { field: string }) => e.field)).toEqual(['firstName', 'lastName']);
    expect(await t.systemEm().count(Contact, { organization: member.organization.id }, SYSTEM_READ)).toBe(0);
  });

  it.each([
    ['a NUL byte', `Renamed${NUL}`],
    ['a lone surrogate', `Renamed${LONE_HIGH}`],
  ])('refuses %s in an update before the change history is written, keeping the record and its timeline', async (_, name) => {
    const gql = caller(t, member.token).gql;
    const created = await gql(CREATE_ACCOUNT, { input: { name: unique('Acme') } });
    const id = created.data.createAccount.account.id;
    const historyBefore = await t.systemEm().count(RecordChange, { subjectId: id }, SYSTEM_READ);
    // when
    const result = await gql(UPDATE_ACCOUNT, { input: { id, name } });
    // then
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.updateAccount.errors).toMatchObject([{ field: 'name', code: 'INVALID' }]);
    const stored = await t.systemEm().findOneOrFail(Account, id, SYSTEM_READ);
    expect(stored.name).not.toBe(name);
    expect(await t.systemEm().count(RecordChange, { subjectId: id }, SYSTEM_READ)).toBe(historyBefore);
  });

  it('keeps well-formed text outside the Basic Multilingual Plane (surrogate pairs)', async () => {
    const name = unique('Emoji 🚀 𝔘');
    const result = await caller(t, member.token).gql(CREATE_ACCOUNT, { input: { name } });
    expect(result.data.createAccount.errors).toEqual([]);
    expect(await accountsNamed(name)).toBe(1);
  });

  it('refuses a bad string in a query argument with a top-level BAD_USER_INPUT naming the field', async () => {
    const result = await caller(t, member.token).gql(PRODUCTS, { filter: { name: { contains: `x${NUL}` } } });
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    expect(result.errors).toMatchObject([{ message: 'filter.name.contains must not contain NUL characters (U+0000)' }]);
    // The one shape of a bad input value: the code and the dotted path, nothing else (no `argumentName`).
    expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.name.contains' });
  });

  it('refuses variables bad in more places than graphql-js reports (its error limit) as BAD_USER_INPUT, not a server error', async () => {
    const ids = Array.from({ length: 150 }, () => null);
    const result = await caller(t, member.token).gql('query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(result.status).toBe(400);
    expect(result.errors?.length).toBeGreaterThan(1);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(result.errors?.map(() => 'BAD_USER_INPUT'));
    expect(result.errors?.at(-1)?.message).toMatch(/error limit reached/);
  });

  it('refuses an over-long username at sign-in as a payload error, not a database error', async () => {
    const result = await t.gql(OBTAIN_TOKEN, { variables: { input: { username: 'u'.repeat(300), password: 'whatever' } } });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.obtainToken).toEqual({
      token: null,
      errors: [{ field: 'username', code: 'INVALID', message: 'username must be at most 150 characters' }],
    });
  });

  it('refuses a password with a NUL byte or over the password limit at sign-in', async () => {
    const nul = await t.gql(OBTAIN_TOKEN, { variables: { input: { username: member.user.username, password: `pw${NUL}` } } });
    const long = await t.gql(OBTAIN_TOKEN, { variables: { input: { username: member.user.username, password: 'p'.repeat(1_025) } } });
    expect(nul.data.obtainToken.errors).toMatchObject([{ field: 'password', code: 'INVALID' }]);
    expect(long.data.obtainToken.errors).toEqual([{ field: 'password', code: 'INVALID', message: 'password must be at most 1024 characters' }]);
  });
});

describe('search input caps', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
  });
  afterAll(() => t.close());

  it('refuses a search of 50,000 words before it reaches the database', async () => {
    const search = Array.from({ length: 50_000 }, (_, i) => `w${i}`).join(' ');
    const result = await caller(t, member.token).gql(PRODUCTS, { filter: { search } });
    expect(result.status).toBe(200);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.search' });
  });

  it('refuses a search longer than the limit on every searchable list', async () => {
    const search = 'x'.repeat(SEARCH_MAX_LENGTH + 1);
    const lists = ['products', 'productVariants', 'accounts', 'contacts', 'leads'];
    for (const list of lists) {
      const result = await caller(t, member.token).gql(`query ($search: String) { ${list}(first: 1, filter: { search: $search }) { totalCount } }`, {
        search,
      });
      expect(result.errors, list).toMatchObject([
        { message: `filter.search must be at most ${SEARCH_MAX_LENGTH} characters`, extensions: { code: 'BAD_USER_INPUT' } },
      ]);
    }
  });

  it('refuses more search words than the limit and accepts the limit', async () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    const over = await caller(t, member.token).gql(PRODUCTS, { filter: { search: words(SEARCH_MAX_TERMS + 1) } });
    const at = await caller(t, member.token).gql(PRODUCTS, { filter: { search: words(SEARCH_MAX_TERMS) } });
    expect(over.errors).toMatchObject([{ message: `filter.search must have at most ${SEARCH_MAX_TERMS} words` }]);
    expect(at.errors).toBeUndefined();
    expect(at.data.products.totalCount).toBe(0);
  });

  it('refuses and/or lists longer than the limit', async () => {
    const or = Array.from({ length: 21 }, (_, i) => ({ name: { eq: `n${i}` } }));
    const result = await caller(t, member.token).gql(PRODUCTS, { filter: { or } });
    expect(result.errors).toMatchObject([{ message: 'filter.or accepts at most 20 filters', extensions: { code: 'BAD_USER_INPUT' } }]);
  });
});
