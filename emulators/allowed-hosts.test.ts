import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { allowedHosts, hostName } from './allowed-hosts.ts'

const app = new Hono()
  .use(allowedHosts(['https://demo.example.com'], (c, host) => c.text(`refused ${host}`, 421)))
  .get('/', (c) => c.text('ok'))

describe('allowedHosts (DNS-rebinding protection)', () => {
  it.each(['http://localhost:9229/', 'http://127.0.0.1/', 'http://[::1]:8080/', 'http://DEMO.example.com/'])(
    'serves %s',
    async (url) => {
      expect(await (await app.request(url)).text()).toBe('ok')
    },
  )

  it.each(['http://rebind.evil.example/', 'http://localhost.evil.example/', 'http://127.0.0.2/'])(
    'refuses %s before routing',
    async (url) => {
      const response = await app.request(url)
      expect(response.status).toBe(421)
      expect(await response.text()).toBe(`refused ${new URL(url).hostname}`)
    },
  )

  it('reads host names from URLs and Host values', () => {
    expect(hostName('Example.COM:443')).toBe('example.com')
    expect(hostName('https://x.test/path')).toBe('x.test')
    expect(hostName('[::1]:9')).toBe('[::1]')
    expect(hostName('bad host')).toBeUndefined()
  })
})
