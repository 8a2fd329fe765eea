import { z } from 'zod'
import type { ValuesFor } from '../messageValues.ts'

const payloadSchema = z.looseObject({ to: z.looseObject({ role: z.enum(['member', 'host']) }) })

/**
 * A broadcast's placeholders: the recipient's name under every name a template may use for it,
 * and where their own pages are (a member's dashboard and host list, a host's dashboard).
 */
export function createBroadcastValues(deps: { appUrl: string }): ValuesFor {
  const page = (path: string) => new URL(path, deps.appUrl).toString()
  return async (payload, recipient) => {
    const member = payloadSchema.parse(payload).to.role === 'member'
    return {
      recipientName: recipient.name,
      memberName: member ? recipient.name : null,
      hostName: member ? null : recipient.name,
      rebookUrl: member ? page('/host-selection') : null,
      dashboardUrl: page(member ? '/dashboard' : '/host'),
    }
  }
}
