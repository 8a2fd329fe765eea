import { toBase64 } from '../../../../../shared/crypto/hmac.ts'

/**
 * The iframe's half of Cal.com's embed protocol, as embed-core's embed-iframe.ts speaks it, so
 * the real embed.js in the parent drives these pages unchanged: every event is posted to the
 * parent as `{originator: "CAL", type, namespace, fullType: "CAL:<namespace>:<type>", data}`;
 * `__iframeReady` on load, `__dimensionChanged` as the page grows, and `linkReady` (or
 * `linkFailed`) once the parent answers `parentKnowsIframeReady`. The page's own events (a
 * booking made, moved or cancelled) come from the `cal-page` JSON block, so this script is the
 * same bytes on every page and the CSP allows it by hash. Outside an iframe it only shows the
 * times in the viewer's zone.
 */
export const EMBED_BRIDGE_SCRIPT = `
(() => {
  const page = JSON.parse(document.getElementById('cal-page').textContent)
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone })
  const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: zone })
  for (const el of document.querySelectorAll('time[data-show]')) {
    const at = new Date(el.dateTime)
    el.textContent = el.dataset.show === 'time' ? time.format(at) : day.format(at) + ', ' + time.format(at)
  }
  for (const el of document.querySelectorAll('[data-viewer-zone]')) el.textContent = zone
  for (const input of document.querySelectorAll('input[name="timeZone"]')) input.value = zone
  const slots = document.getElementById('slots')
  if (slots) {
    const groups = new Map()
    for (const label of [...slots.querySelectorAll('label')]) {
      const key = day.format(new Date(label.querySelector('time').dateTime))
      if (!groups.has(key)) {
        const group = document.createElement('fieldset')
        const legend = document.createElement('legend')
        legend.textContent = key
        group.append(legend)
        slots.append(group)
        groups.set(key, group)
      }
      groups.get(key).append(label)
    }
  }

  const namespace = new URLSearchParams(location.search).get('embed')
  if (window.parent === window || namespace === null) return
  const fire = (type, data) =>
    window.parent.postMessage({ originator: 'CAL', type, namespace, fullType: 'CAL:' + namespace + ':' + type, data }, '*')
  let linked = false
  window.addEventListener('message', (event) => {
    const message = event.data
    if (event.source !== window.parent || !message || message.originator !== 'CAL' || message.method !== 'parentKnowsIframeReady') return
    if (linked || page.failed) return
    linked = true
    fire('linkReady', {})
  })
  fire('__iframeReady', { isPrerendering: false })
  if (page.failed) {
    fire('linkFailed', { code: String(page.failed), msg: 'Problem loading the link', data: { url: location.href } })
    return
  }
  const main = document.querySelector('main')
  let first = true
  let known = 0
  const tell = () => {
    const height = Math.ceil(first ? document.documentElement.scrollHeight : main.getBoundingClientRect().height)
    if (height === known) return
    known = height
    fire('__dimensionChanged', { iframeHeight: height, iframeWidth: Math.ceil(main.getBoundingClientRect().width), isFirstTime: first })
    first = false
  }
  new ResizeObserver(tell).observe(main)
  tell()
  for (const event of page.events) fire(event.type, event.data)
})()
`

let scriptHash: Promise<string> | undefined

/** `'sha256-…'`: the CSP source that allows exactly `EMBED_BRIDGE_SCRIPT`. */
export function embedBridgeScriptSource(): Promise<string> {
  scriptHash ??= crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(EMBED_BRIDGE_SCRIPT))
    .then((digest) => `'sha256-${toBase64(new Uint8Array(digest))}'`)
  return scriptHash
}
