import { useId } from 'react'
import { Link } from 'react-router-dom'
import { PER_PAGE_OPTIONS, type PastPageControls } from './pastPage.ts'

/**
 * Paging through past sessions: the page size, "Newest sessions" back to the first page, and
 * "Older sessions" to the next. Links, so each page is its own history entry and Back returns.
 */
export function PastPager({ pages, nextCursor }: { pages: PastPageControls; nextCursor: string | null }) {
  const sizeId = useId()
  return (
    <nav className="past-pager" aria-label="Past sessions pages">
      <label htmlFor={sizeId}>Sessions per page</label>
      <select id={sizeId} value={pages.perPage} onChange={(event) => pages.setPerPage(Number(event.target.value))}>
        {PER_PAGE_OPTIONS.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
      {pages.paged && <Link to={pages.newestHref}>Newest sessions</Link>}
      {nextCursor !== null && <Link to={pages.olderHref(nextCursor)}>Older sessions</Link>}
    </nav>
  )
}
