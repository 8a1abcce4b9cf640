// A promise awaited for at most a while: stopping worker threads at shutdown waits this way.

/** Whether p settles within ms (the timer is cleared either way; a rejection of p is passed on). */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
