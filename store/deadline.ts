// A store call bounded in time: its outcome, or a rejection once the time has passed (the call
// itself goes on). Used where a caller must not wait on a store that accepts and never answers:
// the spool's direct writes, the live stream's reads.

export function withTimeout<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}
