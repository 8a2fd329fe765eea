/**
 * What the local room page (the offline stand-in for Daily Prebuilt) tells the window embedding
 * it, as Prebuilt tells daily-js: `{ source: LOCAL_ROOM_MESSAGE_SOURCE, event }`.
 */
export const LOCAL_ROOM_MESSAGE_SOURCE = 'presence-local-room'
