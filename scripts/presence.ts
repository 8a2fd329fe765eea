// `npm run presence -- <command>`: the operator CLI. Commands live in scripts/cli/.
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { runCli } from './cli/run.ts'

const envFile = fileURLToPath(new URL('../.env', import.meta.url))
if (existsSync(envFile)) process.loadEnvFile(envFile)

/** One line from stdin (null once it has ended), asked on stderr so stdout stays the command's output. */
async function prompt(question: string): Promise<string | null> {
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: false })
  process.stderr.write(question)
  try {
    for await (const line of lines) return line
    return null
  } finally {
    lines.close()
  }
}

process.exitCode = await runCli(process.argv.slice(2), { env: process.env, fetch, print: (line) => console.log(line), stderr: process.stderr, prompt })
