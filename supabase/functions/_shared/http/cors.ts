import type { Handler } from './respond.ts'

/** Browser-facing functions answer the SPA's own origin (APP_URL) and no other. */
export function withCors(handler: Handler, appUrl: string, methods = 'GET, POST, OPTIONS'): Handler {
  const origin = new URL(appUrl).origin
  const headers = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': methods,
    'access-control-allow-headers': 'authorization, content-type, x-client-info, apikey',
    'access-control-max-age': '600',
    vary: 'Origin',
  }
  return async (req) => {
    if (req.method === 'OPTIONS') {
      const allowed = req.headers.get('origin') === origin
      return new Response(null, { status: allowed ? 204 : 403, headers: allowed ? headers : { vary: 'Origin' } })
    }
    const response = await handler(req)
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
    return response
  }
}
