import { ROLES, type Role } from '../../../shared/sessions/sessionView.ts'

/** The three values a session link carries; every call to the session endpoints sends them back. */
export interface SessionLink {
  bookingId: string
  userType: Role
  token: string
}

const isRole = (value: string | null): value is Role => ROLES.includes(value as Role)

/** The link's values from the page's query string, or null when one is missing or malformed. */
export function parseSessionLink(params: URLSearchParams): SessionLink | null {
  const bookingId = params.get('bookingId')
  const userType = params.get('userType')
  const token = params.get('token')
  if (!bookingId || !token || !isRole(userType)) return null
  return { bookingId, userType, token }
}
