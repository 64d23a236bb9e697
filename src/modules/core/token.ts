import { createHash, randomBytes } from 'node:crypto';

/** Personal tokens look like `scrm_pat_<43 base64url chars>`; the prefix makes leaked tokens easy to spot. */
export const PERSONAL_TOKEN_PREFIX = 'scrm_pat_';

/** Invitation tokens (`scrm_inv_…`) and password-reset tokens (`scrm_pwr_…`): the same 256 random bits, hash stored. */
export const INVITATION_TOKEN_PREFIX = 'scrm_inv_';
export const PASSWORD_RESET_TOKEN_PREFIX = 'scrm_pwr_';

export function generateToken(prefix = PERSONAL_TOKEN_PREFIX): { token: string; hash: string; displayPrefix: string } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), displayPrefix: token.slice(0, prefix.length + 6) };
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
