// The live feed: the collector tells it when a poll cycle's points are stored, and every open
// Server-Sent Events stream wakes up to send its reader the new state.
import { EventEmitter } from 'node:events';

export class LiveFeed {
  private readonly events = new EventEmitter();

  /**
   * @param signalled whether every stored cycle is signalled here: the server's own collector, or its
   * watch on the collectors' points in other processes. Answers made from the store then hold until
   * the next signal rather than for a few seconds.
   */
  constructor(readonly signalled = false) {
    // One listener per open dashboard tab; a wall of screens is not a leak.
    this.events.setMaxListeners(0);
  }

  /** Called after a poll cycle's points have reached the store. */
  stored(time: number): void {
    this.events.emit('stored', time);
  }

  /** Listens for stored cycles until the returned function is called, or until end(). */
  subscribe(listener: (time: number) => void, ended: () => void): () => void {
    this.events.on('stored', listener);
    this.events.on('end', ended);
    return () => {
      this.events.off('stored', listener);
      this.events.off('end', ended);
    };
  }

  /** Ends every open stream, so the server can close without waiting for browsers to leave. */
  end(): void {
    this.events.emit('end');
  }
}
