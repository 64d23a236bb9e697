import { nodesOf } from '../factories/sales.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { AssistantMessage, Conversation } from '../../src/modules/assistant/conversation.entity.js';
import { Role } from '../../src/modules/core/membership.entity.js';
import { addMember, createUser, issueToken, memberOf } from '../factories/core.js';
import { assistantOf, configureModel } from '../factories/assistant.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const LIST = `query ($first: Int!) { conversations(first: $first) { totalCount edges { node { id title systemPrompt messageCount messages(first: 10) { totalCount edges { node { role content source usage { totalTokens } context { from parts { name status } } diagnostics { code } } } } } } } }`;

describe('conversations', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof memberOf>>;
  let chat: ReturnType<typeof assistantOf>;

  beforeAll(async () => {
    t = await startTestApp();
    configureModel(t, {}); // no model: answers are summaries
    owner = await memberOf(t);
    chat = assistantOf(t, owner.token);
  });
  afterAll(() => t.close());

  it('are created, listed newest-active first, renamed and deleted by their member', async () => {
    const first = await chat.conversation('First', '  Be brief.  ');
    const second = await chat.conversation('Second');
    await chat.ask(first, 'What happened?');
    const { conversations } = await chat.data(LIST, { first: 10 });
    expect(conversations.edges.map((e: { node: { id: string } }) => e.node.id).slice(0, 2)).toEqual([first, second]);
    const node = conversations.edges[0].node;
    expect(node).toMatchObject({ title: 'First', systemPrompt: 'Be brief.', messageCount: 2 });
    // Newest first: the answer, then its question.
    const messages = nodesOf(node.messages);
    expect(node.messages.totalCount).toBe(2);
    expect(messages.map((m: { role: string; source: string | null }) => [m.role, m.source])).toEqual([
      ['ASSISTANT', 'SUMMARY'],
      ['USER', null],
    ]);
    expect(messages[0].diagnostics).toEqual([{ code: 'NOT_CONFIGURED' }]);
    expect(messages[0].context.parts).toHaveLength(5);

    const renamed = await chat.mutate(
      'updateConversation',
      { id: second, title: 'Renamed', systemPrompt: 'Use bullet points.' },
      'conversation { title systemPrompt }',
    );
    expect(renamed.conversation).toEqual({ title: 'Renamed', systemPrompt: 'Use bullet points.' });
    const deleted = await chat.mutate('deleteConversation', { id: first }, 'deletedConversationId');
    expect(deleted.deletedConversationId).toBe(first);
    const gone = await chat.gql('query ($id: ID!) { conversation(id: $id) { id } }', { id: first });
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await t.systemEm().count(AssistantMessage, { conversation: first }, SYSTEM_READ)).toBe(0);
  });

  it('refuse blank or overlong titles and instructions', async () => {
    expect(await chat.refused('createConversation', { title: ' ' })).toEqual([{ field: 'title', code: 'REQUIRED', message: expect.any(String) }]);
    expect(await chat.refused('createConversation', { title: 'ok', systemPrompt: 'x'.repeat(4001) })).toEqual([
      { field: 'systemPrompt', code: 'INVALID', message: expect.any(String) },
    ]);
    const id = await chat.conversation('Keep');
    expect(await chat.refused('updateConversation', { id, title: 'x'.repeat(201) })).toEqual([
      { field: 'title', code: 'INVALID', message: expect.any(String) },
    ]);
  });

  it('are private: another organization and another member of the same one get NOT_FOUND for every operation', async () => {
    const id = await chat.conversation('Private');
    await chat.ask(id, 'Private question');
    const outsider = await memberOf(t);
    const colleague = await createUser(t);
    await addMember(t, colleague, owner.organization, Role.ADMIN);
    for (const token of [outsider.token, await issueToken(t, colleague)]) {
      const other = assistantOf(t, token);
      const attempts = [
        other.gql('query ($id: ID!) { conversation(id: $id) { id } }', { id }),
        other.gql('mutation ($id: ID!) { updateConversation(input: { id: $id, title: "Mine" }) { errors { code } } }', { id }),
        other.gql('mutation ($id: ID!) { deleteConversation(input: { id: $id }) { errors { code } } }', { id }),
        other.gql('mutation ($id: ID!) { askAssistant(input: { conversationId: $id, prompt: "hi" }) { errors { code } } }', { id }),
      ];
      for (const result of await Promise.all(attempts)) expect(result.errors?.[0].extensions?.code, JSON.stringify(result)).toBe('NOT_FOUND');
      const { conversations } = await other.data('{ conversations(first: 100) { edges { node { id } } } }');
      expect(conversations.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
    }
    const conversation = await t.systemEm().findOneOrFail(Conversation, { id }, SYSTEM_READ);
    expect(conversation.title).toBe('Private');
    expect(await t.systemEm().count(AssistantMessage, { conversation: id }, SYSTEM_READ)).toBe(2);
  });

  it('row-level security keeps even raw SQL to the member and organization', async () => {
    const id = await chat.conversation('Raw');
    await chat.ask(id, 'Raw question');
    const colleague = await createUser(t);
    await addMember(t, colleague, owner.organization);
    const { asRequest } = await import('../helpers/harness.js');
    const seen = await asRequest(t, await issueToken(t, colleague), (ctx) =>
      ctx.em.execute(
        'select (select count(*) from assistant_conversations)::int as conversations, (select count(*) from assistant_messages)::int as messages',
      ),
    );
    expect(seen).toEqual([{ conversations: 0, messages: 0 }]);
    const mine = await asRequest(t, owner.token, (ctx) =>
      ctx.em.execute('select count(*)::int as n from assistant_messages where conversation_id = ?', [id]),
    );
    expect(mine).toEqual([{ n: 2 }]);
  });

  it("reads between the request's transactions run read-only, as the request role, in the organization", async () => {
    const { buildContext } = await import('../../src/context.js');
    const { inReadOnlyTransaction } = await import('../../src/shared/transaction.js');
    const ctx = await buildContext(t.services, { requestId: 'ro', ip: '127.0.0.1', log: t.server.log, authorization: `Bearer ${owner.token}` });
    const [row] = await inReadOnlyTransaction(ctx, () =>
      ctx.em.execute(`select current_user as role, current_setting('app.organization_id') as org, current_setting('transaction_read_only') as ro`),
    );
    expect(row).toEqual({ role: 'simplycrm_app', org: owner.organization.id, ro: 'on' });
    await expect(
      inReadOnlyTransaction(ctx, () =>
        ctx.em.execute(`insert into accounts (id, created_at, updated_at, organization_id, name) values (gen_random_uuid(), now(), now(), ?, 'x')`, [
          owner.organization.id,
        ]),
      ),
    ).rejects.toThrow(/read-only transaction/);
    expect(ctx.em.isInTransaction()).toBe(false);
  });

  it('need assistant.chat: other plans get FORBIDDEN naming the feature', async () => {
    const growth = await memberOf(t, { plan: 'growth' });
    const api = assistantOf(t, growth.token);
    const results = [
      await api.gql('{ conversations(first: 5) { totalCount } }'),
      await api.gql('{ assistantUsage { usedToday } }'),
      await api.gql('mutation { createConversation(input: { title: "x" }) { errors { code } } }'),
      await api.gql(`mutation { askAssistant(input: { conversationId: "${owner.user.id}", prompt: "x" }) { errors { code } } }`),
    ];
    for (const result of results) {
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'assistant.chat' });
    }
  });

  it('keep their tokens in the usage totals after deletion', async () => {
    const member = await memberOf(t);
    const api = assistantOf(t, member.token);
    const id = await api.conversation();
    const em = t.systemEm();
    await em.execute(
      `insert into assistant_usage_days (id, created_at, updated_at, organization_id, day, model, answers, model_calls, prompt_tokens, completion_tokens, total_tokens, latency_ms)
       values (gen_random_uuid(), now(), now(), ?, current_date, 'm', 1, 1, 40, 2, 42, 10)`,
      [member.organization.id],
    );
    await api.mutate('deleteConversation', { id }, 'deletedConversationId');
    expect((await api.data('{ assistantUsage { usedToday totalTokens } }')).assistantUsage).toEqual({ usedToday: 42, totalTokens: 42 });
    expect((await chat.data('{ assistantUsage { totalTokens } }')).assistantUsage.totalTokens).toBe(0);
  });

  it('list with messages in a constant number of statements', async () => {
    const member = await memberOf(t);
    const api = assistantOf(t, member.token);
    const measure = async () => (await t.counter.measure(() => api.data(LIST, { first: 50 }))).count;
    await api.ask(await api.conversation(), 'One');
    const few = await measure();
    for (let i = 0; i < 6; i++) await api.ask(await api.conversation(`C${i}`), `Question ${i}`);
    const many = await measure();
    expect(many).toBe(few);
    console.log(`conversations(first: 50) with messages: ${many} statements for 1 and for 7 conversations`);
  });

  it('pages through messages newest first with cursors, counting them only when totalCount is asked', async () => {
    const member = await memberOf(t);
    const api = assistantOf(t, member.token);
    const id = await api.conversation();
    for (const q of ['One', 'Two', 'Three']) await api.ask(id, q);
    const PAGE = `query ($id: ID!, $after: String) { conversation(id: $id) { messages(first: 4, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { role content } } } } }`;
    const first = (await api.data(PAGE, { id })).conversation.messages;
    expect(first.totalCount).toBe(6);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(nodesOf(first).map((m: { role: string }) => m.role)).toEqual(['ASSISTANT', 'USER', 'ASSISTANT', 'USER']);
    expect(nodesOf(first)[1].content).toBe('Three');
    const second = (await api.data(PAGE, { id, after: first.pageInfo.endCursor })).conversation.messages;
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(nodesOf(second).map((m: { role: string; content: string }) => [m.role, m.content.slice(0, 3)])).toEqual([
      ['ASSISTANT', expect.any(String)],
      ['USER', 'One'],
    ]);
    const uncounted = await t.counter.measure(() =>
      api.data('query ($id: ID!) { conversation(id: $id) { messages(first: 2) { edges { node { role } } } } }', { id }),
    );
    expect(uncounted.statements.some((s) => /count\(\*\)/.test(s) && s.includes('assistant_messages'))).toBe(false);
    const bad = await api.gql(PAGE, { id, after: Buffer.from('[-1]').toString('base64url') });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
