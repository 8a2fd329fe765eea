/**
 * The two people in a session; each has their own link and sees the session in their own role.
 * The view the `session` function answers is `SessionView` in `shared/api/session.ts`.
 */
export const ROLES = ['host', 'member'] as const
export type Role = (typeof ROLES)[number]
