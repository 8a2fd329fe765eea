import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { Prompt } from './Prompt.tsx'

afterEach(cleanup)

it('shows the text as written, with its web addresses as links', () => {
  render(<Prompt heading="Reflect" text={'Thanks, Max.\nBook again: https://app.example/host-selection?x=1. See you!'} />)
  const region = screen.getByRole('region', { name: 'Reflect' })
  expect(region.querySelector('p')!.textContent).toBe('Thanks, Max.\nBook again: https://app.example/host-selection?x=1. See you!')
  expect(screen.getByRole('link').getAttribute('href')).toBe('https://app.example/host-selection?x=1')
})

it('links nothing but http(s) addresses, and renders nothing without a text', () => {
  const { container } = render(<Prompt heading="Before" text={'javascript:alert(1) <b>hi</b>'} />)
  expect(screen.queryByRole('link')).toBeNull()
  expect(container.querySelector('b')).toBeNull()
  cleanup()
  const empty = render(<Prompt heading="Before" text={null} />)
  expect(empty.container.innerHTML).toBe('')
})
