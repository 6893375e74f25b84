// WCAG 2.x A and AA checks (contrast, names, roles, landmarks…) by axe-core, run inside
// the page as it is at that moment: what a screen reader user and a low-vision user meet.
import { createRequire } from 'node:module'

const axeSource = createRequire(import.meta.url)('axe-core').source

/** The axe-core violations of `page` now, one line each (rule, impact, where, why). */
export async function accessibilityViolations(page) {
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1).join(' ').trim()}`),
    }))
  })
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}) ${node}`))
}
