/** A prompt from the Templates table, kept as the operators wrote it (line breaks included). */
export function Prompt({ heading, text }: { heading: string; text: string | null }) {
  if (!text) return null
  return (
    <section className="prompt" aria-label={heading}>
      <h2>{heading}</h2>
      <p>{text}</p>
    </section>
  )
}
