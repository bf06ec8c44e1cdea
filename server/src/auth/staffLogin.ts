// The staff login under its guess limits (GuessLimiter counts each attempt before scrypt runs):
// per client address over all usernames, and per username — or, from a browser this user has logged
// in with before, per that browser, so guesses from elsewhere cannot lock the user out of it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../serviceContext.ts';
import { GUESS_LIMITS } from '../codes/guessLimiter.ts';
import { HttpError } from '../http/httpError.ts';
import { logIn, type StaffUser } from './staffSessions.ts';

export async function limitedLogIn(ctx: Pick<ServiceContext, 'db' | 'guesses' | 'browsers'>, request: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<StaffUser> {
  const browser = ctx.browsers.idFor(request, username);
  const attempt = await ctx.guesses.begin([
    { key: browser ? `login-browser:${browser}` : `login:${username.toLowerCase()}`, limit: GUESS_LIMITS.perLogin, onRight: 'clear' },
    { key: `login-address:${request.ip}`, limit: GUESS_LIMITS.perAddress, onRight: 'refund' },
  ], Date.now());
  let user: StaffUser;
  try {
    user = await logIn(ctx.db, username, password, reply);
  } catch (error) {
    await attempt.settle(error instanceof HttpError && error.code === 'bad_login' ? 'wrong' : 'void');
    throw error;
  }
  await attempt.settle('right');
  ctx.browsers.trust(reply, username, browser);
  return user;
}
