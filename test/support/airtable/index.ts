/** What benchmarks and scripts use; test files get msw wiring from `useAirtableMsw.ts`. */
export { type AirtableStandIn, type AirtableStandInOptions, type Fault, createAirtableStandIn } from './airtableStandIn.ts'
export { airtableHandlers } from './handlers.ts'
export { type AirtableServer, startAirtableServer } from './server.ts'
export { createVirtualTime } from './virtualTime.ts'
