import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './csv.ts';

describe('parseCsv', () => {
  it('reads plain and quoted fields, with commas, doubled quotes and newlines inside quotes', () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n2,"two\nlines",\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });

  it('accepts CRLF, a BOM and a last row without a newline', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields and quoted empty strings', () => {
    expect(parseCsv(',"",x\n')).toEqual([['', '', 'x']]);
  });

  it('says where an unterminated quote starts', () => {
    expect(() => parseCsv('a\n"oops\n')).toThrow(/unterminated quoted field in row 2/);
  });
});

describe('parseCsvRecords', () => {
  it('keys rows by the header and rejects rows of the wrong width', () => {
    expect(parseCsvRecords('LineId,Content\n1,"a, b"\n')).toEqual([{ LineId: '1', Content: 'a, b' }]);
    expect(() => parseCsvRecords('a,b\n1\n')).toThrow(/row 2 has 1 fields, header has 2/);
  });
});
