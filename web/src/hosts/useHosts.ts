import { useCallback, useEffect, useState } from 'react'
import type { PublicHost } from '../../../shared/api/hosts.ts'
import { functionsUrl } from '../config.ts'
import { fetchHosts } from './fetchHosts.ts'

export type HostsState = { status: 'loading' } | { status: 'ready'; hosts: PublicHost[] } | { status: 'error' }

/** Loads the host list once per attempt; `retry` starts a new attempt. */
export function useHosts(): { state: HostsState; retry: () => void } {
  const [attempt, setAttempt] = useState(0)
  const [state, setState] = useState<HostsState>({ status: 'loading' })

  useEffect(() => {
    const controller = new AbortController()
    fetchHosts(functionsUrl, controller.signal).then(
      (hosts) => {
        if (!controller.signal.aborted) setState({ status: 'ready', hosts })
      },
      () => {
        if (!controller.signal.aborted) setState({ status: 'error' })
      },
    )
    return () => controller.abort()
  }, [attempt])

  const retry = useCallback(() => {
    setState({ status: 'loading' })
    setAttempt((n) => n + 1)
  }, [])

  return { state, retry }
}
