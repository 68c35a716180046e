/**
 * Interns an agent's tool names into dense slots 0..cap−1, so per-tool detector state lives in
 * typed arrays instead of maps. Tools past the cap share the overflow slot `cap`, which bounds
 * memory when an agent calls an unbounded set of tool names.
 */
export class ToolSlots {
  private readonly slots = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Slot of TOOL, assigning the next free one on first sight (or the overflow slot). */
  slotOf(tool: string): number {
    const known = this.slots.get(tool);
    if (known !== undefined) return known;
    if (this.slots.size >= this.cap) return this.cap;
    const slot = this.slots.size;
    this.slots.set(tool, slot);
    return slot;
  }

  /** Forgets every tool. */
  clear(): void {
    this.slots.clear();
  }

  /** Distinct tools interned (the overflow slot not counted). */
  get size(): number {
    return this.slots.size;
  }

  /** The overflow slot shared by tools past the cap. */
  get overflowSlot(): number {
    return this.cap;
  }
}
