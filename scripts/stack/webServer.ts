import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import type { Config } from '../../shared/config/loadConfig.ts'
import { HOST, PortInUseError, stackPorts } from './ports.ts'
import { REPO_ROOT } from './repoRoot.ts'

/** The SPA's Vite dev server on 127.0.0.1:WEB_PORT; a taken port is a PortInUseError. */
export async function startWebServer(config: Config): Promise<ViteDevServer> {
  const web = await createServer({
    configFile: join(REPO_ROOT, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    server: { host: HOST, port: config.ports.web, strictPort: true },
  })
  try {
    await web.listen()
    return web
  } catch (error) {
    await web.close()
    // Vite's own words for a taken port under strictPort.
    throw /is already in use/.test((error as Error).message) ? new PortInUseError([stackPorts(config).web]) : error
  }
}
