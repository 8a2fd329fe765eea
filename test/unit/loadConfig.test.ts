import { describe, expect, it } from 'vitest'
import { ConfigError, describeProviders, loadConfig } from '../../shared/config/loadConfig.ts'

describe('loadConfig', () => {
  it('runs on embedded defaults with no variables at all', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ airtable: undefined, daily: undefined, ports: { functions: 54321, db: 54322, web: 5173 } })
    expect(config.functionsUrl).toBe('http://127.0.0.1:54321/functions/v1')
    expect(describeProviders(config)['Presence Operations store']).toMatch(/Postgres/)
  })

  it('uses the real adapters when their credentials are set', () => {
    const config = loadConfig({ AIRTABLE_API_KEY: 'patX', AIRTABLE_BASE_ID: 'appABCDEFGHIJKLMN', DAILY_API_KEY: 'k', DAILY_DOMAIN: 'presence' })
    expect(config.airtable?.baseId).toBe('appABCDEFGHIJKLMN')
    expect(config.daily?.domain).toBe('presence')
  })

  it('names every missing or malformed variable in one error', () => {
    let error: unknown
    try {
      loadConfig({ AIRTABLE_API_KEY: 'patX', DAILY_API_KEY: 'k', DAILY_DOMAIN: 'https://presence.daily.co', FUNCTIONS_PORT: 'abc' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toMatch(/DAILY_DOMAIN/)
    expect(message).toMatch(/FUNCTIONS_PORT/)
  })

  it('names the half of a credential pair that is missing', () => {
    expect(() => loadConfig({ AIRTABLE_API_KEY: 'patX' })).toThrow(/AIRTABLE_BASE_ID: required with AIRTABLE_API_KEY/)
  })

  it('refuses to run deployed on development secrets', () => {
    expect(() => loadConfig({}, { production: true })).toThrow(/CALCOM_WEBHOOK_SECRET: required when deployed[\s\S]*LINK_SIGNING_SECRET[\s\S]*SUPABASE_SERVICE_ROLE_KEY/)
  })

  it('lists configured secrets so logs can redact them', () => {
    expect(loadConfig({ CALCOM_WEBHOOK_SECRET: 'whsec-local-abc' }).secrets).toContain('whsec-local-abc')
  })
})
