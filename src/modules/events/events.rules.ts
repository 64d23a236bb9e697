import { and } from 'graphql-shield';
import { hasFeature, hasRole, type RuleMap } from '../../shared/permissions.js';
import { Role } from '../core/membership.entity.js';

/** Events show every change in the organization: owners and admins, on plans with automation rules. */
const EVENT_READER = and(hasRole(Role.OWNER, Role.ADMIN), hasFeature('automation.rules'));

export const eventsRules: RuleMap = {
  Query: { events: EVENT_READER },
  DomainEvent: { '*': EVENT_READER },
  DomainEventConnection: { '*': EVENT_READER },
  DomainEventEdge: { '*': EVENT_READER },
};
