// Starts the server exactly as `make run` does (migrate, build, collectstatic, provision
// the demo — pointed at a loopback fake provider —, uvicorn), on a free port with its own MULTICHAT_VAR_DIR. DATABASE_URL and
// REDIS_URL are passed through, so CI's PostgreSQL and Redis runs are covered too.
import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

export class Server {
  constructor({ repo, port, varDir, logDir, provisionFile }) {
    this.repo = repo
    this.port = port
    this.varDir = varDir
    this.logDir = logDir
    this.process = null
    this.starts = 0
    this.env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', MULTICHAT_VAR_DIR: varDir, LOG_LEVEL: 'WARNING' }
    this.env.MULTICHAT_PROVISION = provisionFile
    // Failed sign-ins are counted in the cache, which is the shared Redis when REDIS_URL is
    // set: this run counts apart from earlier runs on the machine.
    this.env.MULTICHAT_CACHE_PREFIX = `multichat-e2e-${port}-${Date.now()}`
  }

  get url() {
    return `http://127.0.0.1:${this.port}`
  }

  async start() {
    this.starts += 1
    const log = createWriteStream(join(this.logDir, `server-${this.starts}.log`))
    // Its own process group, so stop() reaches make and the uvicorn it execs.
    this.process = spawn('make', ['--no-print-directory', 'run'], { cwd: this.repo, env: this.env, detached: true })
    this.process.stdout.pipe(log)
    this.process.stderr.pipe(log)
    const exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)))
    this.exited = exited
    const deadline = Date.now() + 240_000
    while (Date.now() < deadline) {
      const code = await Promise.race([exited, sleep(250).then(() => undefined)])
      if (code !== undefined) throw new Error(`make run exited with ${code}; see ${log.path}`)
      if (await this.healthy()) return
    }
    throw new Error(`server did not answer /healthz within 240 s; see ${log.path}`)
  }

  async healthy() {
    try {
      const response = await fetch(`${this.url}/healthz`)
      return response.ok
    } catch {
      return false
    }
  }

  async stop() {
    if (!this.process || this.process.exitCode !== null) return
    process.kill(-this.process.pid, 'SIGTERM')
    const code = await Promise.race([this.exited, sleep(15_000).then(() => 'timeout')])
    if (code === 'timeout') process.kill(-this.process.pid, 'SIGKILL')
    while (await this.healthy()) await sleep(100)
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
