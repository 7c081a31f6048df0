/**
 * @module Streaming UTF-8 decoding that replaces invalid bytes with U+FFFD and remembers that it did.
 */

const REPLACEMENT = 0xfffd;

export class Utf8Text {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** True once a byte sequence that is not UTF-8 was replaced. */
  invalid = false;

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

  /** A U+FFFD can be a real character (EF BF BD) in the input; count both to tell them apart.
   *  A literal EF BF BD split across chunks would be miscounted as invalid: rare and harmless. */
  private check(text: string, bytes: Uint8Array): void {
    let decoded = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === REPLACEMENT) decoded++;
    let literal = 0;
    for (let i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) literal++;
    }
    if (decoded > literal) this.invalid = true;
  }
}
