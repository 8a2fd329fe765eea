/**
 * The local stand-in for the room sweep a Supabase deployment runs with pg_cron (migration
 * 0004): the same function, called over HTTP with the service key, at start and every minute.
 * Retries need no sweep locally: the worker process polls for work that has come due.
 */
export function startSweeps(options: { functionsUrl: string; serviceRoleKey: string; roomsEveryMs?: number }) {
  const rooms = () =>
    fetch(`${options.functionsUrl}/daily-create-room`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.serviceRoleKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sweep: true }),
    })
      .then((response) => response.body?.cancel())
      .catch((error: Error) => console.warn(`room sweep failed: ${error.message}`))
  void rooms()
  const timer = setInterval(rooms, options.roomsEveryMs ?? 60_000)
  return { stop: () => clearInterval(timer) }
}
