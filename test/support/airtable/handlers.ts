import { http } from 'msw'
import type { AirtableStandIn } from './airtableStandIn.ts'

/** msw handlers that send every Airtable request under `baseUrl` to the stand-in. */
export function airtableHandlers(standIn: AirtableStandIn, { baseUrl = 'https://api.airtable.com' }: { baseUrl?: string } = {}) {
  return [http.all(`${baseUrl.replace(/\/+$/, '')}/v0/*`, ({ request }) => standIn.handle(request))]
}
