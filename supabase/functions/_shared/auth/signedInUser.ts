/** The person a request acts for, from a verified Supabase Auth JWT (never from an id the browser sends). */
export interface SignedInUser {
  /** The Auth user id (`sub`). */
  userId: string
  /** The phone the user proved they hold, E.164 with the leading `+`. */
  phone: string
}

/** Verifies the request's `Authorization: Bearer <jwt>`; throws UnauthorizedError (401) when it cannot. */
export type Authenticate = (req: Request) => Promise<SignedInUser>
