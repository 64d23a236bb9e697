import 'reflect-metadata';
import { Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { applyMiddleware } from 'graphql-middleware';
import { Arg, Args, buildSchema, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Account } from '../../src/modules/customers/account.entity.js';
import { buildServer } from '../../src/server.js';
import { argumentValidationMiddleware } from '../../src/shared/argument-validation.js';
import { ConnectionArgs } from '../../src/shared/pagination.js';
import { UserError } from '../../src/shared/user-error.js';
import { DEFAULT_PASSWORD, createUser, memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

// A mutation and a query whose arguments class-validator checks, served by the real server
// (formatter, plugins, middleware): the application's own inputs are checked by services.
@InputType('ProbeLineInput')
class ProbeLineInput {
  @Field(() => Int)
  @Min(1)
  quantity!: number;
}

@InputType('ProbeInput')
class ProbeInput {
  @Field(() => String)
  @MaxLength(5)
  code!: string;

  @Field(() => [ProbeLineInput])
  @ValidateNested({ each: true })
  lines!: ProbeLineInput[];
}

@InputType('ProbeRangeInput')
class ProbeRangeInput {
  @Field(() => Int)
  @Max(10)
  to!: number;
}

@ObjectType('ProbePayload')
class ProbePayload {
  @Field(() => String, { nullable: true })
  code!: string | null;
  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType('ProbeNode')
class ProbeNode {
  @Field(() => String)
  id!: string;
}

@Resolver(() => ProbeNode)
class ProbeNodeResolver {
  @FieldResolver(() => Int)
  page(@Root() _node: ProbeNode, @Args(() => ConnectionArgs) args: ConnectionArgs): number {
    return args.first;
  }
}

let probeWrites = 0;

@Resolver()
class ProbeResolver {
  @Query(() => Int)
  probePage(@Args(() => ConnectionArgs) args: ConnectionArgs): number {
    return args.first;
  }

  @Query(() => Int)
  probeRange(@Arg('range', () => ProbeRangeInput) range: ProbeRangeInput): number {
    return range.to;
  }

  @Query(() => ProbeNode)
  probeNode(): ProbeNode {
    return { id: 'n' };
  }

  @Mutation(() => ProbePayload)
  probeWrite(@Arg('input', () => ProbeInput) input: ProbeInput): ProbePayload {
    probeWrites++;
    return { code: input.code, errors: [] };
  }
}

describe('error shapes', () => {
  let t: TestApp;
  let probe: FastifyInstance;
  beforeAll(async () => {
    t = await startTestApp();
    const schema = await buildSchema({ resolvers: [ProbeResolver, ProbeNodeResolver], validate: { forbidUnknownValues: false } });
    probe = await buildServer({ services: t.services, schema: applyMiddleware(schema, argumentValidationMiddleware as never) });
    await probe.ready();
  });
  afterAll(async () => {
    await probe.close();
    await t.close();
  });

  const probeGql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await probe.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: { query, variables },
    });
    return { status: res.statusCode, ...res.json() };
  };

  it('answers first: 101 with one BAD_USER_INPUT naming the argument, without class-validator internals', async () => {
    const { token } = await memberOf(t);
    const res = await t.gql('{ accounts(first: 101) { totalCount } }', { token });
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(res.errors).toEqual([
      {
        message: 'first must not be greater than 100',
        path: ['accounts'],
        locations: expect.any(Array),
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      },
    ]);
    expect(JSON.stringify(res)).not.toMatch(/target|constraints|validationErrors/);
  });

  it('names the dotted path of a bad field inside a query argument', async () => {
    const res = await probeGql('{ probeRange(range: { to: 11 }) }');
    expect(res.errors).toEqual([
      {
        message: 'range.to must not be greater than 10',
        path: ['probeRange'],
        locations: expect.any(Array),
        extensions: { code: 'BAD_USER_INPUT', field: 'range.to' },
      },
    ]);
    expect((await probeGql('{ probePage(first: 0) }')).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('gives a validated argument of a nested field the same shape', async () => {
    const res = await probeGql('{ probeNode { id page(first: 101) } }');
    expect(res.errors).toEqual([
      {
        message: 'first must not be greater than 100',
        path: ['probeNode', 'page'],
        locations: expect.any(Array),
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      },
    ]);
  });

  it('answers a mutation whose input fails class-validator with payload errors, without running it', async () => {
    const res = await probeGql(
      'mutation { probeWrite(input: { code: "toolong", lines: [{ quantity: 1 }, { quantity: 0 }] }) { code errors { field code message } } }',
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.probeWrite).toEqual({
      code: null,
      errors: [
        { field: 'code', code: 'INVALID', message: 'code must be shorter than or equal to 5 characters' },
        { field: 'lines.1.quantity', code: 'INVALID', message: 'lines.1.quantity must not be less than 1' },
      ],
    });
    expect(probeWrites).toBe(0);
    const ok = await probeGql('mutation { probeWrite(input: { code: "fine", lines: [{ quantity: 1 }] }) { code errors { code } } }');
    expect(ok.data.probeWrite).toEqual({ code: 'fine', errors: [] });
    expect(probeWrites).toBe(1);
  });

  it('refuses askAssistant, obtainToken or signUp sent with another mutation with HTTP 400, running neither', async () => {
    const { token } = await memberOf(t);
    const user = await createUser(t);
    const name = unique('Mixed');
    for (const system of [
      `obtainToken(input: { username: "${user.username}", password: "${DEFAULT_PASSWORD}" }) { token }`,
      `signUp(input: { username: "${unique('u')}", email: "${unique('e')}@example.com", password: "${DEFAULT_PASSWORD}", organizationName: "X" }) { token }`,
      'askAssistant(input: { conversationId: "00000000-0000-4000-8000-000000000000", prompt: "hi" }) { errors { code } }',
    ]) {
      const res = await t.gql(`mutation { ${system} createAccount(input: { name: "${name}" }) { errors { code } } }`, { token });
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors).toEqual([
        {
          message: expect.stringMatching(/^(obtainToken|signUp|askAssistant) must be sent without other mutations in the same operation/),
          locations: expect.any(Array),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ]);
    }
    expect(await t.systemEm().count(Account, { name }, SYSTEM_READ)).toBe(0);
  });

  it('answers unauthenticated requests with HTTP 200, data null and a top-level UNAUTHENTICATED error', async () => {
    const res = await t.gql('{ me { id } }');
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(res.errors).toEqual([expect.objectContaining({ path: ['me'], extensions: { code: 'UNAUTHENTICATED' } })]);
  });

  it('suggests names while introspection is on (the schema is public then)', async () => {
    const res = await t.gql('{ plan { code } }');
    expect(res.errors?.[0].message).toMatch(/Did you mean "plans"\?/);
  });
});

describe('error shapes in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production', SECURE_SSL_REDIRECT: 'false', LOG_LEVEL: 'silent' } });
  });
  afterAll(() => t.close());

  it('hides enum suggestions in variable errors, without a token', async () => {
    const res = await t.gql('query ($status: LeadStatus) { leads(filter: { status: { eq: $status } }) { totalCount } }', {
      variables: { status: 'CONVERTD' },
    });
    expect(res.status).toBe(400);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/CONVERTD/);
    expect(res.errors?.[0].message).not.toMatch(/Did you mean|CONVERTED/);
  });

  it('hides field, argument and enum literal suggestions', async () => {
    for (const query of ['{ plan { code } }', '{ plans(frist: 1) { code } }', '{ leads(filter: { status: { eq: CONVERTD } }) { totalCount } }']) {
      const res = await t.gql(query);
      expect(res.status, query).toBe(400);
      expect(res.errors?.[0].extensions?.code, query).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.errors?.[0].message, query).not.toMatch(/Did you mean|\[Suggestion hidden\]/);
    }
  });

  it('says which setting turns introspection on', async () => {
    const res = await t.gql('{ __schema { queryType { name } } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringContaining('GRAPHQL_INTROSPECTION'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(res.errors?.[0].message).not.toMatch(/ApolloServer/);
  });
});
