/** Daily's rule for room names, which the local stand-in enforces too. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}$/

export function isValidRoomName(name: string): boolean {
  return ROOM_NAME_PATTERN.test(name)
}
