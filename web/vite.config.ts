import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const webRoot = fileURLToPath(new URL('.', import.meta.url))
const repoRoot = fileURLToPath(new URL('..', import.meta.url))

function webPort(value: string | undefined): number {
  if (value === undefined || value === '') return 5173
  const port = Number(value)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`WEB_PORT must be a port number (1-65535), got "${value}"`)
  }
  return port
}

const server = { host: '127.0.0.1', port: webPort(process.env.WEB_PORT), strictPort: true }

export default defineConfig({
  root: webRoot,
  // The project keeps one .env at the repository root; only VITE_-prefixed entries reach the bundle.
  envDir: repoRoot,
  envPrefix: 'VITE_',
  plugins: [react()],
  server,
  preview: server,
  build: { outDir: 'dist', emptyOutDir: true },
})
