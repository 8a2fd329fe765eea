// Runs under Deno. A process started by the local stack reads its stdin until it closes, which
// happens when the stack's process is gone, however it went; then it shuts down. Started by
// hand (no PRESENCE_EXIT_WITH_PARENT), it leaves the terminal alone.
export function exitWithParent(shutdown: () => Promise<void>): void {
  if (Deno.env.get('PRESENCE_EXIT_WITH_PARENT') !== '1') return
  void Deno.stdin.readable.pipeTo(new WritableStream()).finally(() => void shutdown())
}
