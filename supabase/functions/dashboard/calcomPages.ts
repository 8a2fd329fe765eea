import type { CalcomActions } from '../../../shared/api/dashboard.ts'
import type { Config } from '../../../shared/config/loadConfig.ts'

/**
 * Where the member's own Cal.com pages live: Cal.com's app (CALCOM_APP_URL) once Cal.com is
 * configured, else the stand-in the functions server serves under `/local-cal`.
 */
export function calcomPagesUrl(config: Pick<Config, 'calcom' | 'functionsUrl'>): string {
  return config.calcom.apiKey ? config.calcom.appUrl : new URL('/local-cal', config.functionsUrl).toString()
}

/** Cal.com's reschedule page and its booking page opened on the cancel dialog, as its own emails link them. */
export function calcomActionsAt(pagesUrl: string): (bookingId: string) => CalcomActions {
  const base = pagesUrl.replace(/\/+$/, '')
  return (bookingId) => {
    const uid = encodeURIComponent(bookingId)
    return { rescheduleUrl: `${base}/reschedule/${uid}`, cancelUrl: `${base}/booking/${uid}?cancel=true` }
  }
}
