import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { principalOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { changePassword, listMyTokens } from './account.service.js';
import {
  ChangePasswordInput,
  ChangePasswordPayload,
  LeaveOrganizationPayload,
  RequestPasswordResetInput,
  RequestPasswordResetPayload,
  ResetPasswordInput,
  ResetPasswordPayload,
  UpdateOrganizationInput,
  UpdateOrganizationPayload,
} from './dto/account.dto.js';
import { leaveOrganization, updateOrganization } from './organization.service.js';
import { requestPasswordReset, resetPassword } from './password-reset.service.js';
import { PersonalToken } from './personal-token.entity.js';

export const PersonalTokenConnection = connectionType(PersonalToken);

@Resolver(() => PersonalToken)
export class AccountResolver {
  @Query(() => PersonalTokenConnection, {
    description: 'Your personal tokens that still work (not revoked, not expired), newest first. Requires authentication.',
  })
  myTokens(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<Connection<PersonalToken>> {
    return listMyTokens(ctx, args);
  }

  @FieldResolver(() => Boolean, { description: 'True for the token this request was made with.' })
  current(@Root() token: PersonalToken, @Ctx() ctx: Context): boolean {
    return token.id === principalOf(ctx).tokenId;
  }

  @Mutation(() => ChangePasswordPayload, {
    nullable: true,
    description:
      'Changes your password, checking the current one (wrong guesses count against the login limits), and revokes your other tokens; this one keeps working. Requires authentication.',
  })
  changePassword(@inputArg(ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: Context): Promise<ChangePasswordPayload> {
    return toPayload<{ changed: boolean; revokedTokens?: number }>(async () => ({ changed: true, ...(await changePassword(ctx, input)) }), {
      changed: false,
    });
  }

  @Mutation(() => RequestPasswordResetPayload, {
    nullable: true,
    description:
      'E-mails a single-use password-reset token to each active account with this address (PASSWORD_RESET_TTL_SECONDS). Open to everyone; answers the same whether or not such an account exists; rate-limited per IP and per address (PASSWORD_RESET_RATE). Needs SMTP_URL (else NOT_CONFIGURED).',
  })
  requestPasswordReset(
    @inputArg(RequestPasswordResetInput) input: RequestPasswordResetInput,
    @Ctx() ctx: Context,
  ): Promise<RequestPasswordResetPayload> {
    return toPayload<{ accepted: boolean }>(
      async () => {
        await requestPasswordReset(ctx, input);
        return { accepted: true };
      },
      { accepted: false },
    );
  }

  @Mutation(() => ResetPasswordPayload, {
    nullable: true,
    description:
      'Sets a new password with a token from `requestPasswordReset`; the token works once, and every token of the user is revoked. Open to everyone.',
  })
  resetPassword(@inputArg(ResetPasswordInput) input: ResetPasswordInput, @Ctx() ctx: Context): Promise<ResetPasswordPayload> {
    return toPayload<{ reset: boolean }>(
      async () => {
        await resetPassword(ctx, input);
        return { reset: true };
      },
      { reset: false },
    );
  }

  @Mutation(() => UpdateOrganizationPayload, {
    nullable: true,
    description: 'Renames the current organization or sets its time zone; its slug changes only when `slug` is given. Owners and admins.',
  })
  updateOrganization(@inputArg(UpdateOrganizationInput) input: UpdateOrganizationInput, @Ctx() ctx: Context): Promise<UpdateOrganizationPayload> {
    return toPayload(async () => ({ organization: await updateOrganization(ctx, input) }));
  }

  @Mutation(() => LeaveOrganizationPayload, {
    nullable: true,
    description: 'Leaves the current organization (your membership ends; its records stay). Any member; the last owner cannot (LAST_OWNER).',
  })
  leaveOrganization(@Ctx() ctx: Context): Promise<LeaveOrganizationPayload> {
    return toPayload(async () => ({ organizationId: await leaveOrganization(ctx) }));
  }
}
