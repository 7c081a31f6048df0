/**
 * @module Text from outside (a registry's error body, a formula URL, a job name from a workflow a pull
 * request edited) made safe to print on a terminal: control characters can move the cursor, erase
 * lines, set the window title or write the clipboard (OSC 52), and so forge or hide a verdict. Every
 * external string passes through here before a view prints it. Our own colours are added after.
 */

// C0 controls except TAB, DEL, and C1 controls (0x80-0x9f: 8-bit CSI/OSC on some terminals).
// Also the bidirectional overrides and isolates (U+202A-202E, U+2066-2069): invisible, they reorder
// what the reader sees (a "Trojan Source" line can show a verdict the bytes do not say).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_BREAK = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Shown instead of a control character: ESC as ␛ (so an injection attempt stays visible), others as �. */
function visible(ch: string): string {
  if (ch === '\u001b') return '␛';
  if (ch === '\n' || ch === '\r') return ' ';
  return '\ufffd';
}

/** One line of external text for a terminal: control characters made visible, line breaks folded. */
export function printableLine(text: string): string {
  return text.replace(CONTROL_OR_BREAK, visible);
}

/** Several lines of external text: line feeds kept, every other control character made visible. */
export function printableLines(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, visible);
}
