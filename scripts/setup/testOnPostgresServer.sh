#!/usr/bin/env bash
# Runs the database tests against a real PostgreSQL server (Debian's), as well as PGlite:
# concurrency on a server (real row locks, real parallel transactions) differs from PGlite's
# one serialized session. Installs the server if missing (needs root), starts a throwaway
# cluster on a free port, runs the tests, and removes it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
dir=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
chown postgres "$dir"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sh -c "$*"; fi; }
as_postgres "$bin/initdb -D $dir/db -A trust -U postgres" >/dev/null
as_postgres "$bin/pg_ctl -D $dir/db -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l $dir/log -w start" >/dev/null
trap 'as_postgres "$bin/pg_ctl -D $dir/db -m immediate stop" >/dev/null; rm -rf "$dir"' EXIT
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" npx vitest run test/pipeline test/store test/webhook test/cli test/rateLimit test/inbox test/outbox test/e2e test/credits test/payments/stripeWebhook.test.ts test/payments/checkoutFunction.test.ts test/payments/paymentsCli.test.ts test/payments/localCheckout.test.ts test/auth/profileFunction.test.ts test/calcom/localCalendar.test.ts test/dashboard/dashboardFunction.test.ts test/messages/sendSmsJob.test.ts test/messages/smsStatus.test.ts test/messages/sendSmsFunction.test.ts test/messages/twilioAdapter.test.ts test/messagesCli test/attendance/dailyWebhook.test.ts test/attendance/attendanceOutcome.test.ts test/attendance/reconcile.test.ts test/payouts test/scheduler "$@"
