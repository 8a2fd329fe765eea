// `npm run bench`: prints the figures the issues set targets for. No assertions: read them.
import { benchCrashRecovery } from './crashRecovery.ts'
import { benchDashboardFunction } from './dashboardFunction.ts'
import { benchFunctionBundles } from './functionBundles.ts'
import { benchMessagesThroughput } from './messagesThroughput.ts'
import { benchSchedulerTick } from './schedulerTick.ts'
import { benchSessionFunction } from './sessionFunction.ts'
import { benchWebBundle } from './webBundle.ts'
import { benchAcknowledgement, benchAirtableThroughput } from './webhookPipeline.ts'

const print = (line: string) => console.log(line)
const sections = [benchAcknowledgement, benchAirtableThroughput, benchCrashRecovery, benchSessionFunction, benchDashboardFunction, benchSchedulerTick, benchMessagesThroughput, benchFunctionBundles, benchWebBundle]
const started = performance.now()
for (const [i, section] of sections.entries()) {
  if (i > 0) print('')
  await section(print)
}
print('')
print(`(bench took ${((performance.now() - started) / 1000).toFixed(0)} s)`)
