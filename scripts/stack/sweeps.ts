/**
 * The local stand-in for the pg_cron jobs a Supabase deployment runs (migration 0004): the same
 * functions, called over HTTP with the service key, at start and then on a timer.
 */
export function startSweeps(options: { functionsUrl: string; serviceRoleKey: string; retryEveryMs?: number; roomsEveryMs?: number }) {
  const call = (name: string, body: unknown) =>
    fetch(`${options.functionsUrl}/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.serviceRoleKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then((response) => response.body?.cancel())
      .catch((error: Error) => console.warn(`${name} sweep failed: ${error.message}`))
  const retry = () => call('webhook-retry', {})
  const rooms = () => call('daily-create-room', { sweep: true })
  void retry().then(rooms)
  const timers = [setInterval(retry, options.retryEveryMs ?? 15_000), setInterval(rooms, options.roomsEveryMs ?? 60_000)]
  return { stop: () => timers.forEach(clearInterval) }
}
