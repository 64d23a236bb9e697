import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { toPayload } from '../../shared/user-error.js';
import { revokeToken } from './account.service.js';
import { obtainToken, signUp } from './auth.service.js';
import { ObtainTokenInput, ObtainTokenPayload, RevokeTokenInput, RevokeTokenPayload, SignUpInput, SignUpPayload } from './dto/auth.dto.js';

@Resolver()
export class AuthResolver {
  @Mutation(() => ObtainTokenPayload, {
    nullable: true,
    description: 'Exchanges username and password for a personal token. Open to everyone; guarded against brute force (LOCKED_OUT, RATE_LIMITED).',
  })
  obtainToken(
    @Arg('input', () => ObtainTokenInput, { description: 'What to do; see the input type.' }) input: ObtainTokenInput,
    @Ctx() ctx: Context,
  ): Promise<ObtainTokenPayload> {
    return toPayload(() => obtainToken(ctx, input));
  }

  @Mutation(() => RevokeTokenPayload, {
    nullable: true,
    description:
      "Revokes one of your personal tokens (see `myTokens`), by default the one this request was made with. Requires authentication; another user's token is NOT_FOUND.",
  })
  revokeToken(
    @Arg('input', () => RevokeTokenInput, { nullable: true, description: 'Which token; omitted, the one of this request.' })
    input: RevokeTokenInput | null,
    @Ctx() ctx: Context,
  ): Promise<RevokeTokenPayload> {
    return toPayload<{ revoked: boolean; revokedTokenId?: string }>(
      async () => ({ revoked: true, revokedTokenId: await revokeToken(ctx, input?.tokenId) }),
      { revoked: false },
    );
  }

  @Mutation(() => SignUpPayload, {
    nullable: true,
    description:
      'Creates a user and returns a token: with a new organization on the `free` plan (the user its owner), or joining the organization of `invitationToken`. Open to everyone unless the server sets ALLOW_SIGNUP=false (then FORBIDDEN, except with an invitation token).',
  })
  signUp(
    @Arg('input', () => SignUpInput, { description: 'What to do; see the input type.' }) input: SignUpInput,
    @Ctx() ctx: Context,
  ): Promise<SignUpPayload> {
    return toPayload(() => signUp(ctx, input));
  }
}
