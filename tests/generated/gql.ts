/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation ObtainToken($username: String!, $password: String!) {\n  obtainToken(input: {username: $username, password: $password}) {\n    token\n    expiresAt\n    user {\n      id\n      username\n    }\n    errors {\n      code\n      field\n      message\n      retryAfterSeconds\n    }\n  }\n}\n\nquery CurrentOrganization {\n  organization {\n    id\n    slug\n    name\n    features\n    subscription {\n      status\n      seats\n      plan {\n        code\n        monthlyPrice {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}\n\nquery Memberships($first: Int!, $after: String) {\n  memberships(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        role\n        createdAt\n        user {\n          id\n          username\n          email\n        }\n      }\n    }\n  }\n}": typeof types.ObtainTokenDocument,
};
const documents: Documents = {
    "mutation ObtainToken($username: String!, $password: String!) {\n  obtainToken(input: {username: $username, password: $password}) {\n    token\n    expiresAt\n    user {\n      id\n      username\n    }\n    errors {\n      code\n      field\n      message\n      retryAfterSeconds\n    }\n  }\n}\n\nquery CurrentOrganization {\n  organization {\n    id\n    slug\n    name\n    features\n    subscription {\n      status\n      seats\n      plan {\n        code\n        monthlyPrice {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}\n\nquery Memberships($first: Int!, $after: String) {\n  memberships(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        role\n        createdAt\n        user {\n          id\n          username\n          email\n        }\n      }\n    }\n  }\n}": types.ObtainTokenDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ObtainToken($username: String!, $password: String!) {\n  obtainToken(input: {username: $username, password: $password}) {\n    token\n    expiresAt\n    user {\n      id\n      username\n    }\n    errors {\n      code\n      field\n      message\n      retryAfterSeconds\n    }\n  }\n}\n\nquery CurrentOrganization {\n  organization {\n    id\n    slug\n    name\n    features\n    subscription {\n      status\n      seats\n      plan {\n        code\n        monthlyPrice {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}\n\nquery Memberships($first: Int!, $after: String) {\n  memberships(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        role\n        createdAt\n        user {\n          id\n          username\n          email\n        }\n      }\n    }\n  }\n}"): (typeof documents)["mutation ObtainToken($username: String!, $password: String!) {\n  obtainToken(input: {username: $username, password: $password}) {\n    token\n    expiresAt\n    user {\n      id\n      username\n    }\n    errors {\n      code\n      field\n      message\n      retryAfterSeconds\n    }\n  }\n}\n\nquery CurrentOrganization {\n  organization {\n    id\n    slug\n    name\n    features\n    subscription {\n      status\n      seats\n      plan {\n        code\n        monthlyPrice {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}\n\nquery Memberships($first: Int!, $after: String) {\n  memberships(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        role\n        createdAt\n        user {\n          id\n          username\n          email\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;