import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import type { HostFilters } from './hostSearch.ts'

const QUERY_PARAM = 'q'
const TAG_PARAM = 'tag'

export interface HostFilterControls {
  filters: HostFilters
  setQuery: (query: string) => void
  toggleTag: (tag: string) => void
  clear: () => void
}

/**
 * The host filters live in the URL (`?q=…&tag=…&tag=…`), so a link reproduces the view. Typing
 * replaces the current history entry rather than adding one per key; a tag toggle or a clear is
 * a step the back button undoes.
 */
export function useHostFilters(): HostFilterControls {
  const [params, setParams] = useSearchParams()
  const query = params.get(QUERY_PARAM) ?? ''
  const tagList = params.getAll(TAG_PARAM)
  const tagKey = tagList.join('\u0000')
  // A new array only when the tags change, so the filtered list is not recomputed every render.
  const tags = useMemo(() => (tagKey === '' ? [] : tagKey.split('\u0000')), [tagKey])

  const setQuery = useCallback(
    (next: string) =>
      setParams(
        (current) => {
          const updated = new URLSearchParams(current)
          if (next === '') updated.delete(QUERY_PARAM)
          else updated.set(QUERY_PARAM, next)
          return updated
        },
        { replace: true },
      ),
    [setParams],
  )

  const toggleTag = useCallback(
    (tag: string) =>
      setParams((current) => {
        const chosen = current.getAll(TAG_PARAM)
        const updated = new URLSearchParams(current)
        updated.delete(TAG_PARAM)
        const next = chosen.includes(tag) ? chosen.filter((t) => t !== tag) : [...chosen, tag]
        for (const t of next) updated.append(TAG_PARAM, t)
        return updated
      }),
    [setParams],
  )

  const clear = useCallback(
    () =>
      setParams((current) => {
        const updated = new URLSearchParams(current)
        updated.delete(QUERY_PARAM)
        updated.delete(TAG_PARAM)
        return updated
      }),
    [setParams],
  )

  return { filters: { query, tags }, setQuery, toggleTag, clear }
}
