/**
 * What a bench or rig has started, stopped in reverse order whatever happens after: a start that
 * fails half-way (the core after the SIP lab) still stops what came before it. Every stop is tried;
 * the first error a stop throws is rethrown once all have run.
 */
export class StartedParts {
  private readonly stops: (() => unknown)[] = [];

  /** Registers `part`'s stop and hands `part` back, so a start reads `const x = started.add(await start(), (x) => x.stop())`. */
  add<T>(part: T, stop: (part: T) => unknown): T {
    this.stops.push(() => stop(part));
    return part;
  }

  async stopAll(): Promise<void> {
    let first: { error: unknown } | null = null;
    for (const stop of this.stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        first ??= { error };
      }
    }
    if (first !== null) throw first.error;
  }
}
