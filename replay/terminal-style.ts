/** ANSI SGR codes of the terminal palette, one place (data, not scattered constants). */
export const TERMINAL_PALETTE = {
  allow: '32',
  audit: '33',
  deny: '31;1',
  error: '35',
  anomaly: '33',
  chaos: '36',
  dim: '2',
  bold: '1',
  agent: '34;1',
  model: '36',
} as const;

/** A role in {@link TERMINAL_PALETTE}. */
export type PaletteRole = keyof typeof TERMINAL_PALETTE;

/** Paints text with a palette role when COLOR is on; plain text otherwise. */
export type Paint = (role: PaletteRole, text: string) => string;

/** The painter for a terminal with or without colour. */
export function painter(color: boolean): Paint {
  return color
    ? (role, text) => `\u001b[${TERMINAL_PALETTE[role]}m${text}\u001b[0m`
    : (_role, text) => text;
}

/** A duration for people: `0.42 ms`, `12.3 ms`, `1.23 s`, `2m 5s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const abs = Math.abs(ms);
  if (abs < 1) return `${ms.toFixed(2)} ms`;
  if (abs < 1000) return `${ms.toFixed(1)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.trunc(ms / 60_000);
  return `${minutes}m ${Math.round((ms - minutes * 60_000) / 1000)}s`;
}

/** An epoch-ms time as ISO 8601 UTC with milliseconds. */
export function formatTime(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : '-';
}

/** TEXT cut to WIDTH characters with an ellipsis; newlines flattened. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}
