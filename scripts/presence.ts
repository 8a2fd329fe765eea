// `npm run presence -- <command>`: the operator CLI. Commands live in scripts/cli/.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runCli } from './cli/run.ts'

const envFile = fileURLToPath(new URL('../.env', import.meta.url))
if (existsSync(envFile)) process.loadEnvFile(envFile)

process.exitCode = await runCli(process.argv.slice(2), { env: process.env, fetch, print: (line) => console.log(line), stderr: process.stderr })
