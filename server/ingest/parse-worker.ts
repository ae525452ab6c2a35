// Worker thread body: parses transcripts while the ingest thread writes to SQLite.
import { parentPort } from 'node:worker_threads';
import { parseTranscriptFile } from './parse-transcript-file.ts';

export interface ParseJob {
  id: number;
  fileName: string;
  content: Uint8Array;
}

const port = parentPort;
if (port) {
  port.on('message', (job: ParseJob) => {
    const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
    port.postMessage({ id: job.id, outcome: parseTranscriptFile(job.fileName, content) });
  });
  // Loading the parsers takes a moment; until this arrives the ingest thread parses itself.
  port.postMessage({ ready: true });
}
