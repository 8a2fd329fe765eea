// `npm run bench`: prints the figures the issues set targets for. No assertions: read them.
import { benchAcknowledgement, benchAirtableThroughput } from './webhookPipeline.ts'

const print = (line: string) => console.log(line)
await benchAcknowledgement(print)
print('')
await benchAirtableThroughput(print)
