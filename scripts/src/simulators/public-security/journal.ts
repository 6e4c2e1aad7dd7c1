import fs from 'node:fs';
import path from 'node:path';

/**
 * What the simulator accepted, one JSON line per fact, replayed at start: the real registry does
 * not forget a filing because it restarted, and a seal filed before a restart must still be known
 * when its change or revocation is filed after it.
 */
export type JournalEntry =
  | { type: 'filing'; filingId: string; record: Record<string, unknown>; ack: Record<string, string> }
  | { type: 'engraving'; sealCode: string; pngBase64: string; widthMm: number; heightMm: number; statedSm3: string };

export class Journal {
  constructor(private readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  }

  /** Every complete line; a line torn by a crash mid-write is the last one and is skipped. */
  replay(): JournalEntry[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        break;
      }
    }
    return entries;
  }

  /** Written before the answer goes out, so an acknowledged filing is never lost. */
  append(entry: JournalEntry): void {
    fs.appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  clear(): void {
    fs.writeFileSync(this.file, '', { mode: 0o600 });
  }
}
