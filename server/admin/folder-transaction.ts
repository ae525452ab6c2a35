// A handful of file writes that succeed or are undone together. New files are written to
// a hidden temp file and renamed into place (a reader never sees half a file); files that
// are replaced or removed are first moved aside to hidden backups, restored on rollback and
// deleted on commit. Hidden names start with a dot, so ingest never reads them.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

type Undo = () => Promise<void>;

function hiddenSibling(file: string, kind: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${kind}-${randomBytes(6).toString('hex')}`);
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

export class FolderTransaction {
  private readonly undo: Undo[] = [];
  private readonly backups: string[] = [];

  private async moveAside(file: string): Promise<boolean> {
    if (!(await exists(file))) return false;
    const backup = hiddenSibling(file, 'bak');
    await fs.rename(file, backup);
    this.backups.push(backup);
    this.undo.push(() => fs.rename(backup, file));
    return true;
  }

  async mkdir(dir: string): Promise<void> {
    if (await exists(dir)) return;
    await fs.mkdir(dir, { recursive: true });
    this.undo.push(() => fs.rm(dir, { recursive: true, force: true }));
  }

  /** Writes `bytes` to `file` atomically (temp file, fsync, rename). */
  async write(file: string, bytes: Uint8Array): Promise<void> {
    const temp = hiddenSibling(file, 'upload');
    const handle = await fs.open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fs.rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await this.moveAside(file);
    try {
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    this.undo.push(() => fs.rm(file, { force: true }));
  }

  async remove(file: string): Promise<void> {
    await this.moveAside(file);
  }

  /** Moves `from` to `to` (replacing `to`), undone on rollback. */
  async move(from: string, to: string): Promise<void> {
    if (!(await exists(from))) return;
    await this.moveAside(to);
    await fs.rename(from, to);
    this.undo.push(() => fs.rename(to, from));
  }

  async commit(): Promise<void> {
    this.undo.length = 0;
    await Promise.all(this.backups.splice(0).map((b) => fs.rm(b, { force: true })));
  }

  async rollback(): Promise<void> {
    for (const step of this.undo.splice(0).reverse()) {
      await step().catch((error: unknown) => {
        console.warn('[verbatim] could not undo an upload step:', error);
      });
    }
    this.backups.length = 0;
  }
}
