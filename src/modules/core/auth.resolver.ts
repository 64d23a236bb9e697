import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { principalOf } from '../../shared/context-access.js';
import { toPayload } from '../../shared/user-error.js';
import { obtainToken, revokeToken, signUp } from './auth.service.js';
import { ObtainTokenInput, ObtainTokenPayload, RevokeTokenPayload, SignUpInput, SignUpPayload } from './dto/auth.dto.js';

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
    description: 'Revokes the token this request was made with. Requires authentication.',
  })
  async revokeToken(@Ctx() ctx: Context): Promise<RevokeTokenPayload> {
    await revokeToken(ctx, principalOf(ctx).tokenId);
    return { revoked: true, errors: [] };
  }

  @Mutation(() => SignUpPayload, {
    nullable: true,
    description:
      'Creates a user and an organization on the `free` plan with the user as owner, and returns a token. Open to everyone unless the server sets ALLOW_SIGNUP=false (then FORBIDDEN).',
  })
  signUp(
    @Arg('input', () => SignUpInput, { description: 'What to do; see the input type.' }) input: SignUpInput,
    @Ctx() ctx: Context,
  ): Promise<SignUpPayload> {
    return toPayload(() => signUp(ctx, input));
  }
}
