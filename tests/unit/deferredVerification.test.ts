// Offline, a student goes on with deferred verification only where the booth allows it; otherwise they are told why.
import { describe, it, expect } from 'vitest';
import { planVerification } from '../../electron/booth/codes/deferredVerification.ts';

describe('deferred verification plan', () => {
  it('online always resolves now; offline defers only when the booth config allows it', () => {
    expect(planVerification({ resolverReachable: true, allowDeferred: false })).toEqual({ plan: 'resolve' });
    expect(planVerification({ resolverReachable: true, allowDeferred: true })).toEqual({ plan: 'resolve' });
    expect(planVerification({ resolverReachable: false, allowDeferred: true })).toEqual({ plan: 'defer' });
    const refused = planVerification({ resolverReachable: false, allowDeferred: false });
    expect(refused.plan).toBe('refuse');
    if (refused.plan === 'refuse') expect(refused.message_zh).toMatch(/联网/);
  });
});
