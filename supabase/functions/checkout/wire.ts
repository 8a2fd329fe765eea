import { authenticatorOf } from '../_shared/runtime/build/auth.ts'
import { directoryOf } from '../_shared/runtime/build/directory.ts'
import { paymentsOf } from '../_shared/runtime/build/payments.ts'
import { STRIPE_CHECKOUT_RETRY } from '../_shared/payments/stripe/retryPolicy.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createCheckoutHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createCheckoutHandler({
    sql: rt.sql,
    directory: directoryOf(rt),
    payments: paymentsOf(rt),
    authenticate: authenticatorOf(rt),
    retry: STRIPE_CHECKOUT_RETRY,
    appUrl: rt.config.appUrl,
    linkSigningSecret: rt.config.linkSigningSecret,
    cancellationCutoffHours: rt.config.cancellationCutoffHours,
    log: rt.log,
  })
}
