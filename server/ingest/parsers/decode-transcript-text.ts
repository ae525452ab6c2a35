// Bytes to text for every transcript format. UTF-8 is the contract; a UTF-8 BOM is
// dropped, UTF-16 with a BOM (what Windows subtitle editors save) is decoded, and
// anything else that is not valid UTF-8 is rejected with the line and byte at fault:
// guessing Latin-1 would silently corrupt accents in French transcripts.
import { TranscriptParseError } from '../../errors.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeTranscriptText(fileName: string, content: Buffer | string): string {
  if (typeof content === 'string') return stripBomAndCheckText(fileName, content);

  if (content.length >= 2 && content[0] === 0xff && content[1] === 0xfe) {
    return stripBomAndCheckText(fileName, new TextDecoder('utf-16le').decode(content.subarray(2)));
  }
  if (content.length >= 2 && content[0] === 0xfe && content[1] === 0xff) {
    return stripBomAndCheckText(fileName, new TextDecoder('utf-16be').decode(content.subarray(2)));
  }
  const nul = content.indexOf(0);
  if (nul !== -1 && looksLikeUtf16WithoutBom(content)) {
    throw new TranscriptParseError(
      fileName,
      'looks like UTF-16 without a byte order mark (NUL bytes between the letters): save the file as UTF-8',
      1,
    );
  }
  if (nul !== -1) {
    throw new TranscriptParseError(
      fileName,
      `binary data (NUL byte at offset ${nul}): expected UTF-8 text`,
      lineOfOffset(content, nul),
    );
  }
  try {
    return stripBomAndCheckText(fileName, strictUtf8.decode(content));
  } catch (error) {
    if (error instanceof TranscriptParseError) throw error;
    const bad = firstInvalidUtf8Offset(content);
    const byte = content[bad] ?? 0;
    throw new TranscriptParseError(
      fileName,
      `not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} at offset ${bad}); ` +
        'save the file as UTF-8 (it may be Latin-1/Windows-1252)',
      lineOfOffset(content, bad),
      { cause: error },
    );
  }
}

function stripBomAndCheckText(fileName: string, text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nul = body.indexOf('\0');
  if (nul !== -1) {
    throw new TranscriptParseError(
      fileName,
      'binary data (NUL character): expected text',
      body.slice(0, nul).split(/\r\n|\r|\n/).length,
    );
  }
  return body;
}

/** Mostly ASCII text in UTF-16: one of every two bytes is NUL, always on the same side. */
function looksLikeUtf16WithoutBom(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  if (sample.length < 4) return false;
  const nulsAt = [0, 0];
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) nulsAt[i % 2]!++;
  const pairs = sample.length / 2;
  const [even, odd] = nulsAt as [number, number];
  return (odd >= pairs * 0.6 && even === 0) || (even >= pairs * 0.6 && odd === 0);
}

function lineOfOffset(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let length: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    let codePoint = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}
