// The ingest summary as people read it, shared by the ingest CLI and the server's start-up log.
import type { IngestSummary } from './ingest-folder.ts';

const MAX_LISTED_WARNINGS = 10;

function listSome(paths: string[]): string {
  const shown = paths.slice(0, MAX_LISTED_WARNINGS).join(', ');
  return paths.length > MAX_LISTED_WARNINGS
    ? `${shown} and ${paths.length - MAX_LISTED_WARNINGS} more`
    : shown;
}

export function formatIngestSummary(summary: IngestSummary, dir: string): string {
  const lines = [
    `Ingested ${dir}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
      (summary.moved > 0 ? `${summary.moved} renamed or moved (clips and links follow), ` : '') +
      `${summary.removed} removed, ${summary.failed.length} failed — ${summary.cues.toLocaleString('en')} cues written in ${(summary.ms / 1000).toFixed(2)} s`,
  ];
  if (summary.failed.length > 0) {
    lines.push('Failed:');
    for (const f of summary.failed) lines.push(`  ${f.file}${f.line ? `:${f.line}` : ''}  ${f.reason}`);
  }
  if (summary.warnings.length > 0) {
    lines.push(`Warnings (${summary.warnings.length}):`);
    for (const w of summary.warnings.slice(0, MAX_LISTED_WARNINGS)) {
      lines.push(`  ${w.file}${w.line ? `:${w.line}` : ''}  ${w.message}`);
    }
    if (summary.warnings.length > MAX_LISTED_WARNINGS) {
      lines.push(`  … and ${summary.warnings.length - MAX_LISTED_WARNINGS} more`);
    }
  }
  const ignoredFolders = summary.ignored.filter((p) => p.endsWith('/'));
  const ignoredFiles = summary.ignored.filter((p) => !p.endsWith('/'));
  if (ignoredFolders.length > 0) {
    lines.push(
      `Folders skipped (not transcripts/<show>/ with transcripts in it): ${listSome(ignoredFolders)}`,
    );
  }
  if (ignoredFiles.length > 0) {
    lines.push(`Files skipped (not transcripts, sidecars or media): ${listSome(ignoredFiles)}`);
  }
  return lines.join('\n');
}
