// Feeds and transcripts are fetched as bytes in whatever encoding the host uses. Older
// French feeds are often ISO-8859-1 or Windows-1252, said in the XML declaration or in the
// Content-Type charset; read as UTF-8 their accents became U+FFFD in every title.
import { ValidationError } from '../../errors.ts';

const BOMS: Array<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function bomEncoding(bytes: Buffer): string | null {
  return BOMS.find((bom) => bom.bytes.every((byte, i) => bytes[i] === byte))?.encoding ?? null;
}

/** The `charset` of a Content-Type header, if any. */
export function charsetOf(contentType: string | null): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

// Windows-1252's bytes 0x80-0x9F (’ œ … € and others). Node 20's TextDecoder gives C1
// control characters for them, for every label the WHATWG standard maps to windows-1252
// (iso-8859-1 and latin1 included).
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Decodes like TextDecoder, with Windows-1252's own characters where Node 20 gets them wrong. */
class TextDecoderFixed {
  private readonly decoder: TextDecoder;
  constructor(encoding: string) {
    this.decoder = new TextDecoder(encoding);
  }
  decode(bytes: Buffer): string {
    const text = this.decoder.decode(bytes);
    if (this.decoder.encoding !== 'windows-1252') return text;
    return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
}

function decoderFor(encoding: string, source: string, where: string): TextDecoderFixed {
  try {
    return new TextDecoderFixed(encoding);
  } catch (error) {
    throw new ValidationError(
      `${source}: ${where} names the encoding "${encoding}", which cannot be read (expected UTF-8, UTF-16, ISO-8859-x or Windows-125x)`,
      { source, encoding },
      { cause: error },
    );
  }
}

/**
 * A feed's text: a byte order mark first, then the XML declaration's encoding (the author's
 * own word, next to the bytes), then the Content-Type charset, else UTF-8.
 */
export function decodeFeedBytes(bytes: Buffer, contentType: string | null, source: string): string {
  const bom = bomEncoding(bytes);
  if (bom !== null) return new TextDecoder(bom).decode(bytes);
  const declaration = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(
    bytes.subarray(0, 256).toString('latin1'),
  );
  if (declaration) return decoderFor(declaration[1]!, source, 'the XML declaration').decode(bytes);
  const charset = charsetOf(contentType);
  if (charset !== null) return decoderFor(charset, source, 'the Content-Type').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * A transcript saved as UTF-8 when its host declared another charset, since ingest reads
 * UTF-8 (or UTF-16 with a BOM, left as it is). Without a declaration the bytes are kept:
 * ingest then names the first byte that is not UTF-8.
 */
export function transcriptBytesAsUtf8(bytes: Buffer, contentType: string | null): Buffer {
  const charset = charsetOf(contentType);
  if (charset === null || bomEncoding(bytes) !== null || /^(utf-?8|us-ascii)$/.test(charset)) return bytes;
  let decoder: TextDecoderFixed;
  try {
    decoder = new TextDecoderFixed(charset);
  } catch {
    return bytes;
  }
  return Buffer.from(decoder.decode(bytes), 'utf8');
}
