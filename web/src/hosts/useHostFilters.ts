import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useLocation, useNavigationType, useSearchParams } from 'react-router-dom'
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
 *
 * The search text is also held here, and is what filters and fills the box: React Router applies
 * URL changes in a transition, so a box bound to the URL alone drops keys typed faster than it
 * commits. The URL catches up; back and forward (a POP) bring its text back into the box.
 */
export function useHostFilters(): HostFilterControls {
  const [params, setParams] = useSearchParams()
  const location = useLocation()
  const navigationType = useNavigationType()
  const urlQuery = params.get(QUERY_PARAM) ?? ''
  const [query, setQueryText] = useState(urlQuery)
  const queryRef = useRef(query)
  queryRef.current = query

  useEffect(() => {
    if (navigationType === 'POP') setQueryText(urlQuery)
    // Only a history step moves the text; the URL's own catching up must not.
  }, [location.key])

  const tagList = params.getAll(TAG_PARAM)
  const tagKey = tagList.join('\u0000')
  // A new array only when the tags change, so the filtered list is not recomputed every render.
  const tags = useMemo(() => (tagKey === '' ? [] : tagKey.split('\u0000')), [tagKey])

  /** The URL for `text` and `chosen`, from the text typed so far rather than the URL's lagging copy. */
  const write = useCallback(
    (text: string, chosen: readonly string[], options?: { replace: boolean }) => {
      const next = new URLSearchParams()
      if (text !== '') next.set(QUERY_PARAM, text)
      for (const tag of chosen) next.append(TAG_PARAM, tag)
      setParams(next, options)
    },
    [setParams],
  )

  const setQuery = useCallback(
    (text: string) => {
      setQueryText(text)
      write(text, tags, { replace: true })
    },
    [write, tags],
  )

  const toggleTag = useCallback(
    (tag: string) => write(queryRef.current, tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag]),
    [write, tags],
  )

  const clear = useCallback(() => {
    setQueryText('')
    write('', [])
  }, [write])

  const filters = useMemo(() => ({ query, tags }), [query, tags])
  return { filters, setQuery, toggleTag, clear }
}
