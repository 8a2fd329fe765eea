// Runs before `npm test`: the browser tests drive Debian's Chromium. Installs it when missing
// and we are allowed to (root, as on CI and these dev machines); otherwise says how.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.log('Installing Chromium for the browser tests (apt-get install chromium)…')
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  } else {
    console.error('The browser tests need Chromium at /usr/bin/chromium: run `sudo apt-get install chromium`.')
    process.exit(1)
  }
}
