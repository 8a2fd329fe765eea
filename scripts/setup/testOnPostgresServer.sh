#!/usr/bin/env bash
# Runs the database tests against a real PostgreSQL server (Debian's), as well as PGlite:
# concurrency on a server (real row locks, real parallel transactions) differs from PGlite's
# one serialized session. Installs the server if missing (needs root), starts a throwaway
# cluster on a free port, runs the tests, and removes it.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
# The cluster itself: scripts/db/postgresServer.ts (the benchmarks use the same one).
exec npx tsx scripts/db/withPostgresServer.ts npx vitest run test/pipeline test/store test/webhook test/cli test/rateLimit test/inbox test/outbox test/e2e test/credits test/payments/stripeWebhook.test.ts test/payments/checkoutFunction.test.ts test/payments/paymentsCli.test.ts test/payments/localCheckout.test.ts test/auth/profileFunction.test.ts test/calcom/localCalendar.test.ts test/dashboard/dashboardFunction.test.ts test/messages/sendSmsJob.test.ts test/messages/smsStatus.test.ts test/messages/sendSmsFunction.test.ts test/messages/twilioAdapter.test.ts test/messagesCli test/attendance/dailyWebhook.test.ts test/attendance/attendanceOutcome.test.ts test/attendance/reconcile.test.ts test/payouts test/scheduler "$@"
