import type { Page } from 'playwright-core'
import { latestCodes } from '../../supabase/functions/_shared/auth/local/localAuthTables.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { eventually } from './ports.ts'

/**
 * Signs in on the SPA's own sign-in page with the code the local Auth stand-in "texted" (it
 * keeps it in its table; `presence auth codes` reads the same), then waits to be sent on to `next`.
 * For a phone that already has a Members or Hosts row (no profile step), signed in at most once a
 * minute (the stand-in, like Supabase, sends one code per phone per minute).
 */
export async function signInThroughPage(page: Page, sql: Sql, phone: string, next: string): Promise<void> {
  await page.goto(`/sign-in?${new URLSearchParams({ next })}`)
  await page.getByLabel('Mobile number').fill(phone)
  await page.getByRole('button', { name: 'Text me a code' }).click()
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor()
  const code = await eventually(async () => {
    const [sent] = await latestCodes(sql, { phone: phone.slice(1), limit: 1 })
    return sent && sent.usedAt === null ? sent.code : undefined
  }, 10_000, `the code texted to ${phone}`)
  await page.getByLabel(/digit code/).fill(code)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => `${url.pathname}${url.search}` === next)
}
