// Reads a transcript's lines one at a time, as text.split(/\r\n|\r|\n/) would give them,
// without the array: for a long recording that array (a string per line) was as large as
// the text itself, held for the whole parse.

export class TextLineReader {
  /** The current line without its line break; undefined past the last line. */
  line: string | undefined;
  /** 1-based number of the current line. */
  number = 0;
  private nextStart = 0;
  /** Files with only \n line breaks (nearly all) are cut with indexOf. */
  private readonly onlyLineFeeds: boolean;

  constructor(private readonly text: string) {
    this.onlyLineFeeds = !text.includes('\r');
    this.advance();
  }

  advance(): void {
    const text = this.text;
    const start = this.nextStart;
    if (start < 0) {
      this.line = undefined;
      return;
    }
    let end: number;
    if (this.onlyLineFeeds) {
      end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
    } else {
      end = start;
      for (; end < text.length; end++) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13) break;
      }
    }
    this.line = text.slice(start, end);
    this.number++;
    if (end >= text.length) this.nextStart = -1;
    else this.nextStart = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
}
