/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Which accounts to list; conditions are ANDed, combine with and/or/not. */
export type AccountFilter = {
  /** All of these. */
  and?: Array<AccountFilter> | null | undefined;
  /** Creation time. */
  createdAt?: DateTimeFilter | null | undefined;
  /** Domain. */
  domain?: StringFilter | null | undefined;
  /** External ID. */
  externalId?: StringFilter | null | undefined;
  /** Account ID. */
  id?: IdFilter | null | undefined;
  /** Industry. */
  industry?: StringFilter | null | undefined;
  /** Name. */
  name?: StringFilter | null | undefined;
  /** Not this. */
  not?: AccountFilter | null | undefined;
  /** Any of these. */
  or?: Array<AccountFilter> | null | undefined;
  /** Owner (user ID). */
  ownerId?: IdFilter | null | undefined;
  /** Name or domain contains this, ignoring case. */
  search?: string | null | undefined;
  /** Size. */
  size?: AccountSizeFilter | null | undefined;
  /** Has this tag. */
  tag?: string | null | undefined;
};

/** Company size by head count. */
export type AccountSize =
  /** 1000 people or more. */
  | 'ENTERPRISE'
  /** 250–999 people. */
  | 'LARGE'
  /** 50–249 people. */
  | 'MEDIUM'
  /** 1–9 people. */
  | 'MICRO'
  /** 10–49 people. */
  | 'SMALL';

/** Conditions on a AccountSize value. */
export type AccountSizeFilter = {
  /** Equal to. */
  eq?: AccountSize | null | undefined;
  /** One of. */
  in?: Array<AccountSize> | null | undefined;
};

/** Where an assistant answer came from. */
export type AnswerSource =
  /** The configured language model, grounded in the gathered metrics. */
  | 'MODEL'
  /** A deterministic summary of the gathered metrics (the model was not configured, failed, or the budget was spent). */
  | 'SUMMARY';

/** A question for the co-pilot. */
export type AskAssistantInput = {
  /** The conversation to ask in (yours). */
  conversationId: string;
  /** The question (1–4000 characters). */
  prompt: string;
};

/** Your current password and the new one. */
export type ChangePasswordInput = {
  /** The password you sign in with now. */
  currentPassword: string;
  /** The new password, 12 to 128 characters, different from the current one. */
  newPassword: string;
};

/** What became of one part of the context the assistant gathers. */
export type ContextPartStatus =
  /** Gathered, but there was nothing to report (e.g. no sales in the range). */
  | 'EMPTY'
  /** Gathering failed unexpectedly (logged); the answer does without it. */
  | 'FAILED'
  /** Gathered and sent with the question. */
  | 'INCLUDED'
  /** The caller's plan or role may not see it; see `reason`. */
  | 'WITHHELD';

/** A new draft order. */
export type CreateOrderInput = {
  /** The customer account. */
  accountId: string;
  /** Contact at the account. */
  contactId?: string | null | undefined;
  /** ISO 4217 currency of the whole order; the variants' currency when omitted. An order has one currency: every variant, unitPrice and the discount must be in it (CURRENCY_MISMATCH otherwise). */
  currency?: string | null | undefined;
  /** Order-level discount, spread over the lines; in the order's currency. */
  discount?: MoneyInput | null | undefined;
  /** Client-chosen key (1–200 characters): repeating the call with the same key returns the first order; another request with it is refused. */
  idempotencyKey?: string | null | undefined;
  /** Lines (1–100). */
  lines: Array<OrderLineInput>;
  /** Notes. */
  notes?: string | null | undefined;
  /** The opportunity the order comes from. */
  opportunityId?: string | null | undefined;
  /** When it was placed (UTC); now when omitted. */
  orderedAt?: string | null | undefined;
  /** Default tax rate in basis points for lines without their own. */
  taxRateBps?: number | null | undefined;
  /** Warehouse to reserve and ship from; the only warehouse when omitted at confirmation. */
  warehouseId?: string | null | undefined;
};

/** Conditions on a date-time field (UTC); every condition given must hold. */
export type DateTimeFilter = {
  /** Equal to. */
  eq?: string | null | undefined;
  /** After. */
  gt?: string | null | undefined;
  /** At or after. */
  gte?: string | null | undefined;
  /** true: has no value; false: has a value. */
  isNull?: boolean | null | undefined;
  /** Before. */
  lt?: string | null | undefined;
  /** At or before. */
  lte?: string | null | undefined;
};

/** What an assistant diagnostic is about. */
export type DiagnosticCode =
  /** The endpoint refused OPENAI_API_KEY (401/403). */
  | 'AUTHENTICATION_FAILED'
  /** The endpoint answered with something that is not a usable chat completion. */
  | 'BAD_RESPONSE'
  /** The organization's daily token budget (ASSISTANT_DAILY_TOKEN_BUDGET) is spent. */
  | 'BUDGET_EXHAUSTED'
  /** Parts of the context were withheld: the caller's plan or role may not see them. */
  | 'CONTEXT_WITHHELD'
  /** The endpoint failed (5xx or another error). */
  | 'ENDPOINT_ERROR'
  /** Something failed inside SimplyCRM while answering (logged); the answer is a summary of the metrics. */
  | 'INTERNAL_ERROR'
  /** OPENAI_API_KEY is not set. */
  | 'NOT_CONFIGURED'
  /** The endpoint rate-limited the request (429) after retries, or the quota is spent. */
  | 'RATE_LIMITED'
  /** The endpoint rejected the request (400/422), e.g. a context too long for the model. */
  | 'REQUEST_REJECTED'
  /** The model did not answer within OPENAI_TIMEOUT_MS (after retries), or the answer outran ASSISTANT_DEADLINE_MS. */
  | 'TIMEOUT'
  /** The model asked for more tool rounds than allowed (ASSISTANT_MAX_TOOL_ROUNDS); it answered with what it had. */
  | 'TOOL_ROUNDS_EXHAUSTED'
  /** The endpoint does not know OPENAI_MODEL (404). */
  | 'UNKNOWN_MODEL'
  /** The endpoint (OPENAI_BASE_URL) could not be reached. */
  | 'UNREACHABLE'
  /** The endpoint reported no token usage; it was estimated from the text length. */
  | 'USAGE_ESTIMATED';

/** How much a diagnostic matters. */
export type DiagnosticSeverity =
  /** The model could not answer; the answer is a summary of the metrics. */
  | 'ERROR'
  /** For information; the answer is complete. */
  | 'INFO'
  /** The answer is less complete than it could be. */
  | 'WARNING';

/** Conditions on an ID field. */
export type IdFilter = {
  /** Equal to. */
  eq?: string | null | undefined;
  /** One of (at most 100 values). */
  in?: Array<string> | null | undefined;
  /** true: has no value; false: has a value. */
  isNull?: boolean | null | undefined;
  /** Not equal to. */
  neq?: string | null | undefined;
};

/** Conditions on a whole-number field; every condition given must hold. */
export type IntFilter = {
  /** Equal to. */
  eq?: number | null | undefined;
  /** Greater than. */
  gt?: number | null | undefined;
  /** Greater than or equal to. */
  gte?: number | null | undefined;
  /** One of (at most 100 values). */
  in?: Array<number> | null | undefined;
  /** true: has no value; false: has a value. */
  isNull?: boolean | null | undefined;
  /** Less than. */
  lt?: number | null | undefined;
  /** Less than or equal to. */
  lte?: number | null | undefined;
  /** Not equal to. */
  neq?: number | null | undefined;
};

/** What became of the invitation e-mail. */
export type InvitationDelivery =
  /** The SMTP server could not be reached or refused it (logged); the invitation stands: try `resendInvitation`. */
  | 'FAILED'
  /** The server has no SMTP_URL: the payload carries the token, to pass on yourself. */
  | 'NOT_CONFIGURED'
  /** Handed to the SMTP server. */
  | 'SENT';

/** Where an invitation stands. */
export type InvitationStatus =
  /** Accepted: the invitee is a member. */
  | 'ACCEPTED'
  /** Not accepted in time; `resendInvitation` issues a new token. */
  | 'EXPIRED'
  /** Sent, not yet accepted, revoked or expired: its token can be accepted. */
  | 'PENDING'
  /** Revoked by an owner or admin; its token no longer works. */
  | 'REVOKED';

/** Invites someone to the current organization by e-mail. */
export type InviteMemberInput = {
  /** E-mail address to invite (case-insensitive). */
  email: string;
  /** Role on accepting; only owners may invite an OWNER. */
  role?: Role;
};

/** Conditions on a calendar-date field (YYYY-MM-DD); every condition given must hold. */
export type LocalDateFilter = {
  /** On this day. */
  eq?: string | null | undefined;
  /** After this day. */
  gt?: string | null | undefined;
  /** On or after this day. */
  gte?: string | null | undefined;
  /** One of these days (at most 100). */
  in?: Array<string> | null | undefined;
  /** true: has no value; false: has a value. */
  isNull?: boolean | null | undefined;
  /** Before this day. */
  lt?: string | null | undefined;
  /** On or before this day. */
  lte?: string | null | undefined;
  /** Not on this day. */
  neq?: string | null | undefined;
};

/** Who wrote a conversation message. */
export type MessageRole =
  /** The co-pilot answering. */
  | 'ASSISTANT'
  /** The member asking. */
  | 'USER';

/** Conditions on an amount of money; every condition given must hold. Each bound names its currency and matches only amounts in that currency. */
export type MoneyFilter = {
  /** In this ISO 4217 currency. */
  currency?: string | null | undefined;
  /** Equal to. */
  eq?: MoneyInput | null | undefined;
  /** Greater than (same currency). */
  gt?: MoneyInput | null | undefined;
  /** Greater than or equal to (same currency). */
  gte?: MoneyInput | null | undefined;
  /** Less than (same currency). */
  lt?: MoneyInput | null | undefined;
  /** Less than or equal to (same currency). */
  lte?: MoneyInput | null | undefined;
};

/** An amount of money given to the API: integer minor units (cents for USD, yen for JPY) plus an ISO 4217 currency code. Every money input takes this shape. */
export type MoneyInput = {
  /** Amount in minor units of `currency` (e.g. 9075 for 90.75 USD), an integer. */
  amount: number;
  /** ISO 4217 currency code, e.g. "USD" (checked against the ISO 4217 list). */
  currency: string;
};

/** Which opportunities to list; conditions are ANDed, combine with and/or/not. */
export type OpportunityFilter = {
  /** Conditions on the account, e.g. { industry: { eq: "Retail" } }. */
  account?: AccountFilter | null | undefined;
  /** Account ID. */
  accountId?: IdFilter | null | undefined;
  /** Amount, e.g. { gte: { amount: 1000000, currency: "USD" } }. */
  amount?: MoneyFilter | null | undefined;
  /** All of these. */
  and?: Array<OpportunityFilter> | null | undefined;
  /** When it closed. */
  closedAt?: DateTimeFilter | null | undefined;
  /** Creation time. */
  createdAt?: DateTimeFilter | null | undefined;
  /** Expected close date. */
  expectedCloseDate?: LocalDateFilter | null | undefined;
  /** Opportunity ID. */
  id?: IdFilter | null | undefined;
  /** Name. */
  name?: StringFilter | null | undefined;
  /** Not this. */
  not?: OpportunityFilter | null | undefined;
  /** Any of these. */
  or?: Array<OpportunityFilter> | null | undefined;
  /** Owner (user ID). */
  ownerId?: IdFilter | null | undefined;
  /** Pipeline ID. */
  pipelineId?: IdFilter | null | undefined;
  /** Primary contact ID. */
  primaryContactId?: IdFilter | null | undefined;
  /** Probability. */
  probability?: IntFilter | null | undefined;
  /** Name contains this, ignoring case. */
  search?: string | null | undefined;
  /** Stage ID. */
  stageId?: IdFilter | null | undefined;
  /** Open, won or lost. */
  status?: OpportunityStatusFilter | null | undefined;
};

/** Follows the stage: open, or closed as won or lost. */
export type OpportunityStatus =
  | 'LOST'
  | 'OPEN'
  | 'WON';

/** Conditions on a OpportunityStatus value. */
export type OpportunityStatusFilter = {
  /** Equal to. */
  eq?: OpportunityStatus | null | undefined;
  /** One of. */
  in?: Array<OpportunityStatus> | null | undefined;
};

/** A line of an order. The unit price is the variant's list price unless unitPrice is given with a reason. */
export type OrderLineInput = {
  /** Line discount in basis points (0–10000; 1000 = 10%). */
  discountBps?: number | null | undefined;
  /** Why the price differs from the list price. */
  priceOverrideReason?: string | null | undefined;
  /** Quantity (at least 1). */
  quantity: number;
  /** Tax rate in basis points (2000 = 20%); the order's rate when omitted. */
  taxRateBps?: number | null | undefined;
  /** Unit price overriding the list price (needs priceOverrideReason); in the order's currency, else CURRENCY_MISMATCH. */
  unitPrice?: MoneyInput | null | undefined;
  /** The variant: of an ACTIVE product and itself active (INVALID_STATE otherwise), unless it is already on the order being edited. */
  variantId: string;
};

/** Lifecycle of an order. */
export type OrderStatus =
  /** Cancelled; reservations released. */
  | 'CANCELLED'
  /** Stock reserved; nothing shipped yet. */
  | 'CONFIRMED'
  /** Editable; no stock reserved. */
  | 'DRAFT'
  /** Every quantity shipped. */
  | 'FULFILLED'
  /** Some quantities shipped. */
  | 'PARTIALLY_FULFILLED';

/** What a member may do in an organization. */
export type Role =
  /** Manages members (not owners), subscription and settings. */
  | 'ADMIN'
  /** Works with records. */
  | 'MEMBER'
  /** Full control, including billing and owners. */
  | 'OWNER'
  /** Reads records. */
  | 'VIEWER';

/** A new user, with a new organization or joining one by invitation. */
export type SignUpInput = {
  /** E-mail address; with `invitationToken`, the invitation's address. */
  email: string;
  /** An invitation token (`scrm_inv_…`): the new user joins the inviting organization with the invited role instead of creating one. Accepted even when the server sets ALLOW_SIGNUP=false. */
  invitationToken?: string | null | undefined;
  /** Name of the new organization (its slug is derived from it). Required unless `invitationToken` is given, and ignored then. */
  organizationName?: string | null | undefined;
  /** Password, 12 to 128 characters. */
  password: string;
  /** Login name: 3-150 characters, lower-case letters, digits and _ . @ + -. */
  username: string;
};

/** Conditions on a text field; every condition given must hold. `contains` and `startsWith` ignore case. */
export type StringFilter = {
  /** Contains, ignoring case. */
  contains?: string | null | undefined;
  /** Equal to. */
  eq?: string | null | undefined;
  /** One of (at most 100 values). */
  in?: Array<string> | null | undefined;
  /** true: has no value; false: has a value. */
  isNull?: boolean | null | undefined;
  /** Not equal to. */
  neq?: string | null | undefined;
  /** Starts with, ignoring case. */
  startsWith?: string | null | undefined;
};

/** Billing state of a subscription. */
export type SubscriptionStatus =
  | 'ACTIVE'
  | 'CANCELED'
  | 'PAST_DUE'
  | 'TRIALING';

/** What a timeline entry is. */
export type TimelineEntryKind =
  /** An activity logged on the record. */
  | 'ACTIVITY'
  /** A change of its fields. */
  | 'CHANGE'
  /** A named domain event about it (lead.converted, opportunity.won, …), with `events: true`. */
  | 'EVENT';

/** Outcome of a read-only tool the model asked for. */
export type ToolCallStatus =
  /** Failed unexpectedly (logged). */
  | 'FAILED'
  /** Ran; its result was sent back to the model. */
  | 'OK'
  /** Not run or answered with an error: unknown tool, bad arguments, not found, or not allowed for the caller. */
  | 'REFUSED';

/** Why an operation was refused; expected failures come back in payload `errors` with one of these codes. */
export type UserErrorCode =
  /** A record with this unique value already exists. */
  | 'ALREADY_EXISTS'
  /** The user already belongs to this organization. */
  | 'ALREADY_MEMBER'
  /** An amount is in another currency than the record's. */
  | 'CURRENCY_MISMATCH'
  /** The invitation is for another e-mail address than the signed-in (or signing-up) user's. */
  | 'EMAIL_MISMATCH'
  /** More than remains: shipping or invoicing beyond the ordered quantity, paying beyond the balance. */
  | 'EXCEEDS_REMAINING'
  /** This idempotency key was already used with a different request. */
  | 'IDEMPOTENCY_CONFLICT'
  /** Your role cannot grant or change this role. */
  | 'INSUFFICIENT_ROLE'
  /** Not enough stock available (on hand minus reserved) for this movement. */
  | 'INSUFFICIENT_STOCK'
  /** A value is malformed or out of range: also any string input with a NUL character or an unpaired surrogate, or longer than its limit or column. */
  | 'INVALID'
  /** Username or password is wrong (the same answer whether or not the user exists). */
  | 'INVALID_CREDENTIALS'
  /** The record is not in a state that allows this (e.g. converting a converted lead, editing a confirmed order). */
  | 'INVALID_STATE'
  /** An invitation or password-reset token is unknown, expired, revoked or already used. */
  | 'INVALID_TOKEN'
  /** Other records still refer to this one. */
  | 'IN_USE'
  /** The organization must keep at least one owner. */
  | 'LAST_OWNER'
  /** Too many failed logins; see `retryAfterSeconds`. */
  | 'LOCKED_OUT'
  /** The server is not set up for this (e.g. no SMTP_URL for e-mail). */
  | 'NOT_CONFIGURED'
  /** A record named by a non-ID value (code, username) does not exist. */
  | 'NOT_FOUND'
  /** This plan is set only by a platform administrator, not by the organization itself. */
  | 'NOT_SELF_SERVE'
  /** Too many attempts in a short time; see `retryAfterSeconds`. */
  | 'RATE_LIMITED'
  /** A required value is missing or blank. */
  | 'REQUIRED';

export type AskAssistantMutationVariables = Exact<{
  input: AskAssistantInput;
}>;


export type AskAssistantMutation = { askAssistant: { question: { id: string, role: MessageRole, content: string, createdAt: string } | null, answer: { id: string, role: MessageRole, content: string, source: AnswerSource | null, createdAt: string, usage: { model: string | null, totalTokens: number } | null } | null, context: { from: string, to: string, parts: Array<{ name: string, description: string, status: ContextPartStatus, reason: string | null, from: string | null, to: string | null, feature: string | null, arguments: Record<string, unknown> }>, toolCalls: Array<{ round: number, name: string, arguments: Record<string, unknown>, status: ToolCallStatus, detail: string }> } | null, usage: { model: string | null, promptTokens: number, completionTokens: number, totalTokens: number, latencyMs: number, modelCalls: number, estimated: boolean } | null, diagnostics: Array<{ code: DiagnosticCode, severity: DiagnosticSeverity, message: string, hint: string | null }>, errors: Array<{ field: string | null, code: UserErrorCode, message: string }> } | null };

export type ObtainTokenMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type ObtainTokenMutation = { obtainToken: { token: string | null, expiresAt: string | null, user: { id: string, username: string } | null, errors: Array<{ code: UserErrorCode, field: string | null, message: string, retryAfterSeconds: number | null }> } | null };

export type CurrentOrganizationQueryVariables = Exact<{ [key: string]: never; }>;


export type CurrentOrganizationQuery = { organization: { id: string, slug: string, name: string, features: Array<string>, subscription: { status: SubscriptionStatus, seats: number, plan: { code: string, monthlyPrice: { amount: number, currency: string } } } | null } };

export type MembershipsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type MembershipsQuery = { memberships: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, role: Role, createdAt: string, user: { id: string, username: string, email: string } } }> } };

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { signUp: { token: string | null, expiresAt: string | null, user: { id: string, username: string } | null, organization: { id: string, slug: string, features: Array<string>, subscription: { status: SubscriptionStatus, plan: { code: string } } | null } | null, errors: Array<{ code: UserErrorCode, field: string | null, message: string }> } | null };

export type InviteMemberMutationVariables = Exact<{
  input: InviteMemberInput;
}>;


export type InviteMemberMutation = { inviteMember: { delivery: InvitationDelivery | null, token: string | null, invitation: { id: string, email: string, role: Role, status: InvitationStatus, expiresAt: string } | null, errors: Array<{ code: UserErrorCode, field: string | null, message: string }> } | null };

export type AcceptInvitationMutationVariables = Exact<{
  token: string;
}>;


export type AcceptInvitationMutation = { acceptInvitation: { membership: { id: string, role: Role } | null, organization: { id: string, slug: string } | null, errors: Array<{ code: UserErrorCode, field: string | null, message: string }> } | null };

export type InvitationsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  status?: InvitationStatus | null | undefined;
}>;


export type InvitationsQuery = { invitations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, email: string, role: Role, status: InvitationStatus, expiresAt: string, lastSentAt: string, invitedBy: { id: string, username: string } | null } }> } };

export type MyTokensQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type MyTokensQuery = { myTokens: { totalCount: number, edges: Array<{ node: { id: string, name: string, prefix: string, current: boolean, createdAt: string, lastUsedAt: string | null, expiresAt: string } }> } };

export type ChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ChangePasswordMutation = { changePassword: { changed: boolean, revokedTokens: number | null, errors: Array<{ code: UserErrorCode, field: string | null, message: string }> } | null };

export type RefetchNodeQueryVariables = Exact<{
  id: string;
}>;


export type RefetchNodeQuery = { node:
    | { __typename: 'Account', name: string, id: string, timeline: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { kind: TimelineEntryKind, at: string } }> } }
    | { __typename: 'Activity', id: string }
    | { __typename: 'AssistantMessage', id: string }
    | { __typename: 'AutomationRule', id: string }
    | { __typename: 'AutomationRun', id: string }
    | { __typename: 'Campaign', id: string }
    | { __typename: 'CampaignRecipient', id: string }
    | { __typename: 'Contact', id: string }
    | { __typename: 'Conversation', id: string }
    | { __typename: 'DomainEvent', id: string }
    | { __typename: 'FailedJob', id: string }
    | { __typename: 'Invitation', id: string }
    | { __typename: 'Invoice', id: string }
    | { __typename: 'InvoiceLine', id: string }
    | { __typename: 'Lead', id: string }
    | { __typename: 'Membership', id: string }
    | { __typename: 'Notification', id: string }
    | { __typename: 'Opportunity', id: string }
    | { __typename: 'OpportunityContactRole', id: string }
    | { __typename: 'OpportunityLine', id: string }
    | { __typename: 'OpportunityStageChange', id: string }
    | { __typename: 'Order', number: string, status: OrderStatus, id: string }
    | { __typename: 'OrderLine', id: string }
    | { __typename: 'Payment', id: string }
    | { __typename: 'Pipeline', id: string }
    | { __typename: 'PipelineStage', id: string }
    | { __typename: 'PriceChange', id: string }
    | { __typename: 'Product', id: string }
    | { __typename: 'ProductVariant', id: string }
    | { __typename: 'RecordChange', id: string }
    | { __typename: 'Shipment', id: string }
    | { __typename: 'ShipmentLine', id: string }
    | { __typename: 'StockLevel', id: string }
    | { __typename: 'StockMovement', id: string }
    | { __typename: 'Supplier', id: string }
    | { __typename: 'SupplierOffer', id: string }
    | { __typename: 'Warehouse', id: string }
    | { __typename: 'WebhookDelivery', id: string }
    | { __typename: 'WebhookEndpoint', id: string }
   | null };

export type OpportunitiesPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: OpportunityFilter | null | undefined;
}>;


export type OpportunitiesPageQuery = { opportunities: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, status: OpportunityStatus, probability: number, amount: { amount: number, currency: string }, weightedAmount: { amount: number }, stage: { name: string }, owner: { username: string } | null, account: { name: string, industry: string | null }, primaryContact: { name: string, email: string | null } | null, lines: Array<{ quantity: number, unitPrice: { amount: number }, variant: { sku: string } | null }> } }> } };

export type CreateOrderMutationVariables = Exact<{
  input: CreateOrderInput;
}>;


export type CreateOrderMutation = { createOrder: { order: { id: string, number: string, status: OrderStatus, total: { amount: number, currency: string }, lines: Array<{ id: string, sku: string, quantity: number, total: { amount: number } }> } | null, errors: Array<{ field: string | null, code: UserErrorCode, message: string }> } | null };


export const AskAssistantDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AskAssistant"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AskAssistantInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"askAssistant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"question"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"answer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"context"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"feature"}},{"kind":"Field","name":{"kind":"Name","value":"arguments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"toolCalls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"round"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"arguments"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"modelCalls"}},{"kind":"Field","name":{"kind":"Name","value":"estimated"}}]}},{"kind":"Field","name":{"kind":"Name","value":"diagnostics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AskAssistantMutation, AskAssistantMutationVariables>;
export const ObtainTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ObtainToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"obtainToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<ObtainTokenMutation, ObtainTokenMutationVariables>;
export const CurrentOrganizationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CurrentOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"subscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"seats"}},{"kind":"Field","name":{"kind":"Name","value":"plan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CurrentOrganizationQuery, CurrentOrganizationQueryVariables>;
export const MembershipsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Memberships"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"memberships"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MembershipsQuery, MembershipsQueryVariables>;
export const SignUpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignUp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignUpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signUp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"subscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"plan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SignUpMutation, SignUpMutationVariables>;
export const InviteMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InviteMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InviteMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inviteMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invitation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"delivery"}},{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<InviteMemberMutation, InviteMemberMutationVariables>;
export const AcceptInvitationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptInvitation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"token"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptInvitation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"token"},"value":{"kind":"Variable","name":{"kind":"Name","value":"token"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"membership"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AcceptInvitationMutation, AcceptInvitationMutationVariables>;
export const InvitationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Invitations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InvitationStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invitations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSentAt"}},{"kind":"Field","name":{"kind":"Name","value":"invitedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<InvitationsQuery, InvitationsQueryVariables>;
export const MyTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyTokens"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MyTokensQuery, MyTokensQueryVariables>;
export const ChangePasswordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangePassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangePasswordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changePassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changed"}},{"kind":"Field","name":{"kind":"Name","value":"revokedTokens"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const RefetchNodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RefetchNode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<RefetchNodeQuery, RefetchNodeQueryVariables>;
export const OpportunitiesPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OpportunitiesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OpportunityFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"weightedAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}},{"kind":"Field","name":{"kind":"Name","value":"primaryContact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OpportunitiesPageQuery, OpportunitiesPageQueryVariables>;
export const CreateOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateOrderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateOrderMutation, CreateOrderMutationVariables>;