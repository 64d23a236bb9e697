import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { LoginGuard } from '../../src/modules/core/login-guard.js';

describe('LoginGuard under concurrency', () => {
  it('lets exactly LOGIN_MAX_ATTEMPTS parallel attempts reach the password check', async () => {
    const guard = new LoginGuard(loadConfig({ LOGIN_RATE: '1000/min' }), { kind: 'memory' });
    // given 12 attempts at once for one username, from different addresses
    const verdicts = await Promise.all(Array.from({ length: 12 }, (_, i) => guard.admit('victim', `192.0.2.${i}`)));
    // then only 5 are admitted; the rest are locked out before any password is hashed
    expect(verdicts.filter((v) => v.ok)).toHaveLength(5);
    expect(verdicts.filter((v) => !v.ok && v.reason === 'LOCKED_OUT')).toHaveLength(7);
  });

  it('gives the reserved point back when the password was right', async () => {
    const guard = new LoginGuard(loadConfig({ LOGIN_RATE: '1000/min', LOGIN_MAX_ATTEMPTS_PER_IP: '2' }), { kind: 'memory' });
    for (let i = 0; i < 5; i++) {
      expect((await guard.admit(`user${i}`, '198.51.100.1')).ok).toBe(true);
      await guard.recordSuccess(`user${i}`, '198.51.100.1');
    }
    expect((await guard.admit('someone', '198.51.100.1')).ok).toBe(true);
  });

  it('throttles sign-ups per address', async () => {
    const guard = new LoginGuard(loadConfig({ SIGNUP_RATE: '2/hour' }), { kind: 'memory' });
    const results = [await guard.admitSignUp('203.0.113.5'), await guard.admitSignUp('203.0.113.5'), await guard.admitSignUp('203.0.113.5')];
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect((await guard.admitSignUp('203.0.113.6')).ok).toBe(true);
  });
});
