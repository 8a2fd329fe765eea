import { serveDeployed } from '../_shared/runtime/serveDeployed.ts'
import { wire } from './wire.ts'

serveDeployed(wire)
