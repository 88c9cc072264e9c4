/** Distinct statements a process names at most (each named one is parsed once per connection and kept by its backend). */
const MAX_NAMED = 1_000;
/** Distinct texts counted at most while waiting for their second use (one-off texts must not grow it without end). */
const MAX_COUNTED = 10_000;

/**
 * Names for the SQL texts a process runs again and again. Kysely hands `pg` every statement as
 * text with values, which `pg` sends as an unnamed statement: PostgreSQL parses, analyses and plans
 * it on every execution, about a third of its CPU per call event in team mode (docs/BENCHMARKS.md,
 * session 10). A named statement is parsed once per connection and, once its generic plan proves
 * as cheap as the custom ones (after five executions, PostgreSQL's plan cache), never planned again.
 * A text gets a name on its second use, so one-off statements (migrations, ad-hoc reads) stay unnamed.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly uses = new Map<string, number>();

  constructor(
    private readonly maxNamed = MAX_NAMED,
    private readonly maxCounted = MAX_COUNTED,
  ) {}

  /** The name to run `text` under, or undefined to run it unnamed this time. */
  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined) return name;
    if (this.names.size >= this.maxNamed) return undefined;
    const seen = this.uses.get(text);
    if (seen === undefined) {
      if (this.uses.size < this.maxCounted) this.uses.set(text, 1);
      return undefined;
    }
    this.uses.delete(text);
    const named = `frontline.s${this.names.size + 1}`;
    this.names.set(text, named);
    return named;
  }

  get size(): number {
    return this.names.size;
  }
}
