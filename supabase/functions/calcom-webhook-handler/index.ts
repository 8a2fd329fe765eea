import { serveDeployed } from '../_shared/runtime/serveDeployed.ts'

serveDeployed('calcom-webhook-handler')
