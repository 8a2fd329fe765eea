/** axe-core in a playwright page: run it in every frame, report what blocks people. */
import { createRequire } from 'node:module'
import type { AxeResults, Result } from 'axe-core'
import type { Frame, Page } from 'playwright-core'

const axeSource: string = createRequire(import.meta.url)('axe-core').source

/** The impacts that fail a page: people cannot use it, or only with great effort. */
const blockingImpacts = new Set(['serious', 'critical'])

/** A violation, and the address (without query) of the frame it was found in. */
export interface FoundViolation extends Result {
  frameUrl: string
}

// Injected by evaluate, not a script tag, so a page's Content-Security-Policy (the local
// checkout's) does not keep axe out. Each frame is checked on its own: axe's own iframe
// messaging does not reach frames of another origin or srcdoc frames from here.
async function violationsInFrame(frame: Frame): Promise<FoundViolation[]> {
  await frame.evaluate(`window.axe || (0, eval)(${JSON.stringify(axeSource)})`)
  const results = await frame.evaluate(() =>
    (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, { iframes: false, resultTypes: ['violations'] }),
  )
  // The address without its query: a room's carries a meeting token, which no log should hold.
  const url = new URL(frame.url())
  return results.violations.map((violation) => ({ ...violation, frameUrl: `${url.protocol}${url.host ? `//${url.host}` : ''}${url.pathname}` }))
}

/** Every axe violation on the page as it is now, in every frame. */
export async function axeViolations(page: Page): Promise<FoundViolation[]> {
  const frames = page.frames().filter((frame) => !frame.isDetached())
  return (await Promise.all(frames.map(violationsInFrame))).flat()
}

/** One line per offending element: rule, impact, target and where to read about the fix. */
export function describeViolations(violations: FoundViolation[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `[${violation.impact}] ${violation.id}: ${violation.help} at ${JSON.stringify(node.target)} in ${violation.frameUrl} (${violation.helpUrl})\n    ${node.failureSummary?.replaceAll('\n', '\n    ') ?? ''}`,
    ),
  )
}

/** The page's serious and critical violations, described; the test expects none. */
export async function blockingViolations(page: Page, where: string): Promise<string[]> {
  const blocking = (await axeViolations(page)).filter((violation) => blockingImpacts.has(violation.impact ?? ''))
  const described = describeViolations(blocking)
  if (described.length > 0) console.error(`axe on ${where}:\n  ${described.join('\n  ')}`)
  return described
}
