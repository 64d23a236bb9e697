import type { EntityManager } from '@mikro-orm/sql';
import { hashPassword } from './password.js';
import { setPassword } from './password-reset.service.js';
import { User } from './user.entity.js';

/** Creates (or promotes) a platform administrator. */
export async function createSuperuser(em: EntityManager, input: { username: string; email: string; password: string }): Promise<User> {
  return em.transactional(async (tx) => {
    const passwordHash = await hashPassword(input.password);
    const existing = await tx.findOne(User, { username: input.username });
    const user = existing ?? tx.create(User, { username: input.username, email: input.email, passwordHash });
    Object.assign(user, { email: input.email, passwordHash, isSuperuser: true, isActive: true });
    await tx.flush();
    return user;
  });
}

/**
 * Sets a user's password from the command line (for servers without SMTP) and revokes every
 * token and pending reset of theirs; null when there is no such user.
 */
export async function resetUserPassword(em: EntityManager, username: string, password: string): Promise<User | null> {
  const passwordHash = await hashPassword(password);
  return em.transactional(async (tx) => {
    const user = await tx.findOne(User, { username });
    if (!user) return null;
    await setPassword(tx, user.id, passwordHash, new Date());
    return user;
  });
}
