/**
 * Bearer token → principal for the comparison servers, looked up on every request with one
 * statement on the owner's pool (as our server's authenticate() does: personal token, its user,
 * the user's memberships and organizations), and the organization chosen by `x-organization`
 * (id or slug). No cache: a revoked token stops working at once, as in our server.
 */
import { createHash } from 'node:crypto';

const PRINCIPAL_SQL = `select u.id as user_id, o.id as organization_id, o.slug, m.role
  from personal_tokens t
  join users u on u.id = t.user_id
  join memberships m on m.user_id = u.id
  join organizations o on o.id = m.organization_id
  where t.token_hash = $1 and t.revoked_at is null and t.expires_at > now() and u.is_active`;

export class Unauthorized extends Error {
  status = 401;
}

/** @returns {Promise<{ userId: string, organizationId: string }>} */
export async function principal(pool, authorization, organization) {
  const match = /^Bearer\s+(\S+)$/i.exec(String(authorization ?? '').trim());
  if (!match) throw new Unauthorized('missing or malformed Authorization header');
  const hash = createHash('sha256').update(match[1], 'utf8').digest('hex');
  const { rows } = await pool.query({ name: 'bench_principal', text: PRINCIPAL_SQL, values: [hash] });
  if (rows.length === 0) throw new Unauthorized('invalid, expired or revoked token');
  const key = String(organization ?? '').trim();
  const chosen = key ? rows.find((r) => r.organization_id === key || r.slug === key) : rows.length === 1 ? rows[0] : undefined;
  if (!chosen) throw new Unauthorized(key ? `not a member of organization "${key}"` : 'choose an organization with x-organization');
  return { userId: chosen.user_id, organizationId: chosen.organization_id };
}
