import { createProfileRequestSchema, type Profile } from '../../../shared/api/profile.ts'
import type { Host, Member } from '../../../shared/operations/record.ts'
import type { Authenticate, SignedInUser } from '../_shared/auth/signedInUser.ts'
import { claimSignup, completeSignup, releaseSignup } from '../_shared/auth/memberSignups.ts'
import type { Sql } from '../_shared/db/connect.ts'
import { AppError, BadRequestError } from '../_shared/errors.ts'
import { withCors } from '../_shared/http/cors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface ProfileDeps {
  authenticate: Authenticate
  directory: Directory
  sql: Sql
  appUrl: string
  log: Logger
  now?: () => Date
  /** How long a request waits for another one creating the same member (tests shorten it). */
  waitForOtherSignupMs?: number
}

const METHODS = ['GET', 'POST']
const BODY_LIMIT = 4 * 1024
const POLL_MS = 200

/** Another request is creating this member and has not finished. */
class SignupInProgressError extends AppError {
  constructor() {
    super('Your profile is still being saved; try again in a moment.', 409, 'signup_in_progress')
  }
}

/**
 * `GET`: who the signed-in person is (their Members and Hosts records, matched by the phone they
 * proved). `POST {name, email, timeZone}`: creates their Members record the first time; after
 * that it answers the existing one. The person is always the token's, never an id from the body.
 */
export function createProfileHandler(deps: ProfileDeps): Handler {
  const now = deps.now ?? (() => new Date())
  const waitMs = deps.waitForOtherSignupMs ?? 5_000

  async function profileOf(user: SignedInUser, member?: Member | null): Promise<Profile> {
    const [found, host] = await Promise.all([member === undefined ? deps.directory.findMemberByPhone(user.phone) : member, deps.directory.findHostByPhone(user.phone)])
    return { phone: user.phone, member: found ? memberView(found) : null, host: host ? hostView(host) : null }
  }

  /** Waits for the request holding the claim; its member, or a fresh claim if it gave up. */
  async function waitForOtherSignup(phone: string): Promise<Member | 'claimed'> {
    const deadline = Date.now() + waitMs
    for (;;) {
      const claim = await claimSignup(deps.sql, phone, now())
      if (claim.claimed) return 'claimed'
      const member = claim.memberId ? await deps.directory.getMember(claim.memberId) : null
      if (member) return member
      if (Date.now() >= deadline) throw new SignupInProgressError()
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  }

  async function createMember(user: SignedInUser, details: { name: string; email: string; timeZone: string }): Promise<{ member: Member; created: boolean }> {
    const existing = await deps.directory.findMemberByPhone(user.phone)
    if (existing) return { member: existing, created: false }
    const claim = await claimSignup(deps.sql, user.phone, now())
    if (!claim.claimed) {
      const other = await waitForOtherSignup(user.phone)
      if (other !== 'claimed') return { member: other, created: false }
    }
    let member: Member
    try {
      // Checked again under the claim: a record made by an earlier request that crashed before completing its claim.
      member =
        (await deps.directory.findMemberByPhone(user.phone)) ??
        (await deps.directory.createMember({ name: details.name, email: details.email, phone: user.phone, timeZone: details.timeZone, status: 'Active' }))
    } catch (error) {
      await releaseSignup(deps.sql, user.phone)
      throw error
    }
    await completeSignup(deps.sql, user.phone, member.id)
    deps.log.log('info', 'member created at sign-in', { memberId: member.id })
    return { member, created: true }
  }

  return withCors(
    withErrorMapping(async (req) => {
      requireMethod(req, ...METHODS)
      const user = await deps.authenticate(req)
      if (req.method === 'GET') return json(200, await profileOf(user))
      const parsed = createProfileRequestSchema.safeParse(parseJsonBody(await readBodyWithLimit(req, BODY_LIMIT)))
      if (!parsed.success) throw new BadRequestError(parsed.error.issues.map((issue) => issue.message).join(' '), 'invalid_profile')
      const { member, created } = await createMember(user, parsed.data)
      return json(created ? 201 : 200, await profileOf(user, member))
    }, deps.log),
    deps.appUrl,
    [...METHODS, 'OPTIONS'].join(', '),
  )
}

function memberView(member: Member): Profile['member'] {
  return { id: member.id, name: member.name, email: member.email, timeZone: member.timeZone }
}

function hostView(host: Host): Profile['host'] {
  return { id: host.id, name: host.name }
}
