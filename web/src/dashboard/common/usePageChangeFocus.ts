import { useEffect, useRef } from 'react'

/**
 * Once another page of a list is shown, focus moves to the list's heading (give it
 * `tabIndex={-1}`), so a keyboard user who pressed "Older sessions" starts reading the new
 * page instead of losing focus with a link that may have gone. `shownCursor`: the cursor of the
 * page on screen (not the one asked for).
 */
export function usePageChangeFocus<E extends HTMLElement>(shownCursor: string | undefined) {
  const heading = useRef<E>(null)
  const first = useRef(shownCursor)
  const moved = useRef(false)
  useEffect(() => {
    if (!moved.current && shownCursor === first.current) return
    moved.current = true
    heading.current?.focus()
  }, [shownCursor])
  return heading
}
