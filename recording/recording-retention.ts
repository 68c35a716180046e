import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Bounds of {@link pruneRecordings}. */
export interface RetentionBounds {
  /** The file being written: never deleted. */
  readonly keep: string;
  readonly now: number;
  readonly maxTotalBytes?: number;
  readonly maxAgeMs?: number;
}

/**
 * Deletes SERVICE's oldest recording files in DIR (and their `.head` sidecars) until the rest
 * fit in `maxTotalBytes`, and every file last written more than `maxAgeMs` ago. The file being
 * written is kept whatever its size. Only this service's files (`<service>-<time>.jsonl[.gz]`)
 * are touched: processes sharing a folder should have their own service names. Returns the
 * files deleted. Never throws (a file that cannot be deleted is left, and tried next time).
 */
export function pruneRecordings(dir: string, service: string, bounds: RetentionBounds): string[] {
  const pattern = new RegExp(`^${escape(service)}-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z\\.jsonl(\\.gz)?$`);
  let files: { path: string; size: number; mtimeMs: number }[];
  try {
    files = readdirSync(dir)
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => {
        const path = join(dir, name);
        const stat = statSync(path);
        return { path, size: stat.size, mtimeMs: stat.mtimeMs };
      });
  } catch {
    return [];
  }
  let total = files.reduce((n, f) => n + f.size, 0);
  const deleted: string[] = [];
  for (const file of files) {
    if (file.path === bounds.keep) continue;
    const tooBig = bounds.maxTotalBytes !== undefined && total > bounds.maxTotalBytes;
    const tooOld = bounds.maxAgeMs !== undefined && bounds.now - file.mtimeMs > bounds.maxAgeMs;
    if (!tooBig && !tooOld) continue;
    try {
      unlinkSync(file.path);
      total -= file.size;
      deleted.push(file.path);
      unlinkSync(`${file.path.replace(/\.gz$/, '')}.head`);
    } catch {
      // Gone already, or not ours to delete: left as it is.
    }
  }
  return deleted;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
