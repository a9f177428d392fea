// npm run stack | dev | stack:reset. `dev` also serves the app with Vite in this process, so
// one Ctrl-C stops everything.
import { rmSync } from 'node:fs'
import { DEFAULT_DATA_DIR, describeStack, startStack } from './stack.ts'

const command = process.argv[2] ?? 'stack'

async function main() {
  if (command === 'reset') {
    rmSync(DEFAULT_DATA_DIR, { recursive: true, force: true })
    console.log(
      `Removed ${DEFAULT_DATA_DIR}. The next start creates a fresh database with demo data.`,
    )
    return
  }
  const quiet = (line: string) => {
    if (process.env.EMMER_STACK_VERBOSE || /ERROR|FATAL|PANIC|error/.test(line)) console.error(line)
  }
  // Every setting comes from supabase/config.toml (e.g. [auth.email] enable_confirmations).
  const stack = await startStack({ log: quiet, schedule: true })
  console.log(describeStack(stack.info))
  console.log(
    `\nStarted in ${stack.timings.ready} ms${stack.created ? ' (new database with demo data)' : ''}.`,
  )

  let vite: { close(): Promise<void> } | undefined
  if (command === 'dev') {
    const { createServer } = await import('vite')
    const server = await createServer({
      server: { host: '127.0.0.1', port: 5173, strictPort: true },
    })
    await server.listen()
    vite = server
    console.log('')
    server.printUrls()
  }
  console.log('\nPress Ctrl-C to stop.')

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    console.log('\nStopping…')
    await vite?.close()
    await stack.stop()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: Error) => {
  console.error(e.message)
  process.exit(1)
})
