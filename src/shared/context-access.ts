import type { Context, OrganizationRef, Principal } from '../context.js';
import { forbidden, unauthenticated } from './errors.js';

// Shield's rules guarantee these before a resolver runs; these only narrow the types (and fail closed).
export const principalOf = (ctx: Context): Principal => {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal;
};
export const organizationOf = (ctx: Context): OrganizationRef => {
  if (!ctx.organization) throw forbidden();
  return ctx.organization;
};

/** The organization and user a write is made for (services name both explicitly). */
export const actorOf = (ctx: Context): { organizationId: string; userId: string } => ({
  organizationId: organizationOf(ctx).id,
  userId: principalOf(ctx).user.id,
});
