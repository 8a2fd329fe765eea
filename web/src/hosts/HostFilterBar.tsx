import type { HostFilterControls } from './useHostFilters.ts'

/**
 * Search box and personality toggles. `availableTags` are the tags the hosts carry; a chosen tag
 * no host has any more (an old link) is still shown, pressed, so it can be turned off.
 */
export function HostFilterBar({ controls, availableTags }: { controls: HostFilterControls; availableTags: readonly string[] }) {
  const { filters, setQuery, toggleTag } = controls
  const shown = [...availableTags, ...filters.tags.filter((tag) => !availableTags.includes(tag))]
  return (
    <div className="host-filters">
      <label className="search-field">
        <span>Search by name or bio</span>
        <input type="search" value={filters.query} onChange={(event) => setQuery(event.currentTarget.value)} autoComplete="off" spellCheck={false} />
      </label>
      {shown.length > 0 && (
        <fieldset className="tag-filter">
          <legend>Personality (any of)</legend>
          {shown.map((tag) => {
            const pressed = filters.tags.includes(tag)
            return (
              <button key={tag} type="button" className={pressed ? 'tag-toggle on' : 'tag-toggle'} aria-pressed={pressed} onClick={() => toggleTag(tag)}>
                {tag}
              </button>
            )
          })}
        </fieldset>
      )}
    </div>
  )
}
