/**
 * @module Streaming text decoding that replaces invalid bytes with U+FFFD and remembers that it did.
 * UTF-8 unless the text starts with a UTF-16 byte order mark (PowerShell 5's `>` writes UTF-16 LE).
 */

const REPLACEMENT = 0xfffd;

/** The encodings we decode: UTF-8, or UTF-16 when a BOM says so. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Which encoding the first bytes announce. */
export function sniffEncoding(head: Uint8Array): TextEncodingName {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

export class Utf8Text {
  private readonly decoder: TextDecoder;
  private readonly utf8: boolean;
  /** True once a byte sequence that is not valid in the encoding was replaced. */
  invalid = false;

  constructor(encoding: TextEncodingName = 'utf-8') {
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    this.utf8 = encoding === 'utf-8';
  }

  decode(bytes: Uint8Array): string {
    const text = this.decoder.decode(bytes, { stream: true });
    if (!this.invalid && text.indexOf('\uFFFD') !== -1) this.check(text, bytes);
    return text;
  }

  end(): string {
    const text = this.decoder.decode();
    if (text.indexOf('\uFFFD') !== -1) this.invalid = true;
    return text;
  }

  /** A U+FFFD can be a real character (EF BF BD) in UTF-8 input; count both to tell them apart.
   *  A literal EF BF BD split across chunks would be miscounted as invalid: rare and harmless.
   *  In UTF-16 a U+FFFD is taken as a replacement (a literal one there is rarer still). */
  private check(text: string, bytes: Uint8Array): void {
    if (!this.utf8) {
      this.invalid = true;
      return;
    }
    let decoded = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === REPLACEMENT) decoded++;
    let literal = 0;
    for (let i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) literal++;
    }
    if (decoded > literal) this.invalid = true;
  }
}
