import { serveDeployed } from '../_shared/runtime/serveDeployed.ts'

serveDeployed('session')
