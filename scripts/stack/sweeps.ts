/**
 * The local stand-in for the scheduler a Supabase deployment runs with pg_cron (migration 0020):
 * the same `scheduler` function (rooms, reminders, the 48-hour check), called over HTTP with the
 * service key, at start and every 30 seconds. A tick that is late or missed (the machine slept) is
 * caught up by the next one. Retries need no sweep locally: the worker process polls for work
 * that has come due.
 */
export function startSweeps(options: { functionsUrl: string; serviceRoleKey: string; everyMs?: number }) {
  const tick = () =>
    fetch(`${options.functionsUrl}/scheduler`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.serviceRoleKey}`, 'content-type': 'application/json' },
      body: '{}',
    })
      .then((response) => response.body?.cancel())
      .catch((error: Error) => console.warn(`scheduler tick failed: ${error.message}`))
  void tick()
  const timer = setInterval(tick, options.everyMs ?? 30_000)
  return { stop: () => clearInterval(timer) }
}
