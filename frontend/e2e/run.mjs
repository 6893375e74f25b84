// End-to-end: the real server (started as `make run` starts it) and Chromium.
// Run with `npm run e2e` (make frontend-test runs it after vitest). Fails loudly when
// /usr/bin/chromium is missing: this test is never skipped.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { bigInbox } from './big-inbox.mjs'
import { FakeProvider } from './fake-provider.mjs'
import { scenario } from './scenario.mjs'
import { Server, freePort } from './server.mjs'

const CHROMIUM = '/usr/bin/chromium'
const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '../..')
const results = resolve(here, '../test-results')

if (!existsSync(CHROMIUM)) {
  console.error(`e2e: ${CHROMIUM} is missing. Install it (apt-get install -y chromium); the browser tests are never skipped.`)
  process.exit(1)
}
mkdirSync(results, { recursive: true })

const varDir = mkdtempSync(join(tmpdir(), 'multichat-e2e-'))
// The demo provisioning, with the providers' API addresses on a loopback fake.
const provider = new FakeProvider()
const providerUrl = await provider.listen()
const demo = JSON.parse(readFileSync(join(repo, 'demo/provision.json'), 'utf8'))
for (const tenant of demo.tenants) {
  for (const channel of tenant.channels) channel.api_base_url = channel.provider === 'meta' ? `${providerUrl}/v21.0` : providerUrl
}
const provisionFile = join(varDir, 'provision.json')
writeFileSync(provisionFile, JSON.stringify(demo))
const server = new Server({ repo, port: await freePort(), varDir, logDir: results, provisionFile })
let browser
let failed = false

/** What every open page showed when a step failed: a screenshot each, and (last in the
 * log, where CI's tail keeps it) the URL, the history and the accessibility tree. */
async function describePages(browser) {
  const pages = browser?.contexts().flatMap((context) => context.pages()) ?? []
  for (const [index, page] of pages.entries()) {
    try {
      const file = join(results, `failure-${index}.png`)
      await page.screenshot({ path: file, timeout: 5000 })
      const where = await page.evaluate(() => ({ url: location.href, history: history.length, state: JSON.stringify(history.state)?.slice(0, 120) }))
      const tree = await page.locator('body').ariaSnapshot({ timeout: 5000 })
      console.error(`\n--- page ${index} at failure (${file}): ${JSON.stringify(where)}\n${tree.slice(0, 2500)}`)
    } catch (error) {
      console.error(`--- page ${index}: could not be described: ${error.message}`)
    }
  }
}
const started = Date.now()
try {
  console.log(`e2e: starting the server (make run) on ${server.url}, var dir ${varDir}`)
  await server.start()
  console.log(`e2e: server up after ${((Date.now() - started) / 1000).toFixed(1)} s`)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  await scenario({ browser, server, results, provider })
  // Last: the 5,000 seeded chats sit below the scenario's, which never see them on SQLite.
  await bigInbox({ browser, server, results })
} catch (error) {
  failed = true
  await describePages(browser)
  console.error('\ne2e FAILED:', error)
} finally {
  await browser?.close().catch(() => {})
  await server.stop().catch(() => {})
  await provider.close().catch(() => {})
  rmSync(varDir, { recursive: true, force: true })
}
console.log(`e2e: ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s (logs and screenshots in ${results})`)
process.exit(failed ? 1 : 0)
