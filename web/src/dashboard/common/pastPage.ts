import { useCallback, useMemo } from 'react'
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom'
import { DASHBOARD_PAGE_SIZE } from '../../../../shared/api/dashboard.ts'
import type { PastPage } from '../dashboardApi.ts'

/** The page sizes offered; every one is within what the function allows. */
export const PER_PAGE_OPTIONS = [10, 20, 50] as const satisfies readonly number[]

/** The URL's names for the page of past sessions: `?before=<cursor>&perPage=<n>`. */
const BEFORE = 'before'
const PER_PAGE = 'perPage'

export interface PastPageControls {
  /** What to ask the function for. */
  page: PastPage
  perPage: number
  /** Whether this is a later page (there is a first page to go back to). */
  paged: boolean
  /** The URL of the page after this one (a link, so it pushes a history entry and Back returns). */
  olderHref: (nextCursor: string) => string
  /** The URL of the first page, at this size. */
  newestHref: string
  /** A new page size; the position is kept (the cursor marks a session, not a page number). */
  setPerPage: (perPage: number) => void
}

function perPageOf(value: string | null): number {
  const asked = Number(value)
  return PER_PAGE_OPTIONS.find((option) => option === asked) ?? DASHBOARD_PAGE_SIZE.default
}

/** Which page of past sessions the URL names, and the URLs of the pages around it. */
export function usePastPage(): PastPageControls {
  const [params] = useSearchParams()
  const { pathname } = useLocation()
  const navigate = useNavigate()
  const cursor = params.get(BEFORE) || undefined
  const perPage = perPageOf(params.get(PER_PAGE))
  const query = params.toString()

  const hrefWith = useCallback(
    (change: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(query)
      change(next)
      const search = next.toString()
      return search ? `${pathname}?${search}` : pathname
    },
    [pathname, query],
  )

  const page = useMemo(() => ({ cursor, limit: perPage }), [cursor, perPage])
  const olderHref = useCallback(
    (nextCursor: string) =>
      hrefWith((next) => {
        next.set(BEFORE, nextCursor)
        next.set(PER_PAGE, String(perPage))
      }),
    [hrefWith, perPage],
  )
  const newestHref = hrefWith((next) => next.delete(BEFORE))
  // Replaces the entry: arrow keys on a closed select change it once per press.
  const setPerPage = useCallback(
    (size: number) => navigate(hrefWith((next) => next.set(PER_PAGE, String(size))), { replace: true }),
    [hrefWith, navigate],
  )

  return { page, perPage, paged: cursor !== undefined, olderHref, newestHref, setPerPage }
}
