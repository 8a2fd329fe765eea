// `npm run bench`: prints the figures the issues set targets for. No assertions: read them.
import { benchSessionFunction } from './sessionFunction.ts'
import { benchWebBundle } from './webBundle.ts'
import { benchAcknowledgement, benchAirtableThroughput } from './webhookPipeline.ts'

const print = (line: string) => console.log(line)
await benchAcknowledgement(print)
print('')
await benchAirtableThroughput(print)
print('')
await benchSessionFunction(print)
print('')
await benchWebBundle(print)
