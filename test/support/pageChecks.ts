/** What the browser tests check on a page for people who use a keyboard or assistive technology. */
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { blockingViolations } from './axe.ts'
import { screenshot } from './browser.ts'

/**
 * axe on the page as it is now (no serious or critical violation), then its screenshot as
 * `a11y-<name>`. In that order: a full-page screenshot resizes the viewport, and embed.js answers
 * a resize by showing its loading skeleton again over a calendar that has loaded.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const violations = await blockingViolations(page, name)
  await screenshot(page, `a11y-${name}`)
  expect(violations, `axe on ${name}`).toEqual([])
}

/** The element has focus, in a document that has it. */
export const isFocused = (target: Locator) =>
  target.evaluate((element) => element === element.ownerDocument.activeElement && element.ownerDocument.hasFocus()).catch(() => false)

/** The focused control shows it: an outline a sighted keyboard user can see. */
export async function expectVisibleFocus(target: Locator, what: string): Promise<void> {
  const outline = await target.evaluate((element) => {
    const style = getComputedStyle(element)
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) }
  })
  expect(outline.style, `outline on ${what}`).not.toBe('none')
  expect(outline.width, `outline width on ${what}`).toBeGreaterThanOrEqual(2)
}

/** Tab (or Shift+Tab) until `target` has focus, at most `max` presses; its focus must show. */
export async function tabTo(page: Page, target: Locator, what: string, { backwards = false, max = 40 } = {}): Promise<void> {
  for (let presses = 0; presses < max; presses += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
    if (await isFocused(target)) {
      await expectVisibleFocus(target, what)
      return
    }
  }
  throw new Error(`${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'} never reached ${what}`)
}

/** The nearest live region around `target`: role status/alert/timer/log or aria-live. */
export const liveRegionOf = (target: Locator) =>
  target.evaluate((element) => {
    const live = element.closest('[role=status],[role=alert],[role=timer],[role=log],[aria-live]')
    return live ? (live.getAttribute('role') ?? `aria-live=${live.getAttribute('aria-live')}`) : null
  })
