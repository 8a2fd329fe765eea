import type { ReactNode } from 'react'

const WEB_ADDRESS = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/

/** Text with its http(s) addresses made into links; templates put join and rebook links in prompts. */
function withLinks(text: string): ReactNode[] {
  return text.split(WEB_ADDRESS).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  )
}

/** A prompt from the Templates table, kept as the operators wrote it (line breaks included). */
export function Prompt({ heading, text }: { heading: string; text: string | null }) {
  if (!text) return null
  return (
    <section className="prompt" aria-label={heading}>
      <h2>{heading}</h2>
      <p>{withLinks(text)}</p>
    </section>
  )
}
