/** Set by the local stack for its Deno children: exit when stdin closes (the stack's process is gone). */
export const EXIT_WITH_PARENT = 'PRESENCE_EXIT_WITH_PARENT'
