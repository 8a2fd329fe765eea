import { expect, it } from 'vitest'
import { errorBodySchema } from '../../shared/api/errorBody.ts'
import { hostsResponseSchema } from '../../shared/api/hosts.ts'
import type { Host } from '../../shared/operations/record.ts'
import { createHostsHandler } from '../../supabase/functions/hosts/handler.ts'
import type { Logger } from '../../supabase/functions/_shared/runtime/logger.ts'
import type { Directory } from '../../supabase/functions/_shared/store/directory.ts'

const APP = 'http://127.0.0.1:5173'

const jane: Host = {
  id: 'rec1',
  name: 'Jane Rivers',
  email: 'jane@presence.example',
  phone: '+61400000001',
  bio: 'Former teacher.',
  personalityTags: ['Warm'],
  status: 'Active',
  calLink: 'jane/session',
  timeZone: 'Australia/Sydney',
}

function hostsFunction(listActiveHosts: () => Promise<Host[]>) {
  const logged: string[] = []
  const log: Logger = { log: (_level, message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`) }
  const directory: Directory = {
    kind: 'postgres',
    listActiveHosts,
    findHostByEmail: async () => null,
    getMember: async () => null,
    getTemplate: async () => null,
    getHost: async () => null,
    findHostByPhone: async () => null,
    findMemberByPhone: async () => null,
    createMember: async () => {
      throw new Error('the hosts function never creates members')
    },
  }
  return { logged, handler: createHostsHandler({ directory, appUrl: APP, log }) }
}

it('lists the active hosts with their public profile only, never how to reach them', async () => {
  const { handler } = hostsFunction(async () => [jane])
  const response = await handler(new Request('http://localhost/hosts', { headers: { origin: APP } }))
  expect(response.status).toBe(200)
  expect(response.headers.get('access-control-allow-origin')).toBe(APP)
  const body = await response.json()
  expect(hostsResponseSchema.parse(body)).toEqual(body)
  expect(body.hosts).toEqual([
    { id: 'rec1', name: 'Jane Rivers', bio: 'Former teacher.', personalityTags: ['Warm'], calLink: 'jane/session', timeZone: 'Australia/Sydney' },
  ])
})

it('answers a POST with 405, saying it takes GET', async () => {
  const { handler } = hostsFunction(async () => [jane])
  const response = await handler(new Request('http://localhost/hosts', { method: 'POST', body: '{}' }))
  expect(response.status).toBe(405)
  expect(response.headers.get('allow')).toBe('GET')
  expect(errorBodySchema.parse(await response.json())).toMatchObject({ error: 'method_not_allowed' })
})

it('a failing directory is a 500 that keeps its details in the log', async () => {
  const { handler, logged } = hostsFunction(async () => {
    throw new Error('connection to db.internal:5432 refused')
  })
  const response = await handler(new Request('http://localhost/hosts'))
  expect(response.status).toBe(500)
  const body = errorBodySchema.parse(await response.json())
  expect(body.error).toBe('internal_error')
  expect(body.message).not.toContain('db.internal')
  expect(logged.join('\n')).toContain('db.internal')
})
