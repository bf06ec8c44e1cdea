// What every route of the service works with, built once at start-up by main.ts (or a test).
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Dialect } from './db/database.ts';
import type { ObjectStore } from './objects/objectStore.ts';
import type { CodeResolver } from './codes/codeResolver.ts';
import type { ChsiTransmitter } from './transmit/chsiTransmitter.ts';
import type { BoothAuthenticator } from './auth/boothSignature.ts';
import type { GuessLimiter } from './codes/guessLimiter.ts';
import type { PaymentContext } from './payment/paymentContext.ts';
import type { TrustedBrowsers } from './auth/trustedBrowser.ts';

export interface ServiceContext {
  db: Kysely<Database>;
  /** writes that may be lost in a power cut (see openDatabase) */
  relaxedDb: Kysely<Database>;
  dialect: Dialect;
  objects: ObjectStore;
  resolver: CodeResolver;
  guesses: GuessLimiter;
  /** browsers staff users logged in with (their own password-guess limit) */
  browsers: TrustedBrowsers;
  transmitter: ChsiTransmitter;
  booths: BoothAuthenticator;
  payment: PaymentContext;
}
