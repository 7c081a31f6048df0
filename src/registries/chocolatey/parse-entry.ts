/**
 * @module Minimal Atom/OData entry reader: `<m:properties>` children `<d:Name>value</d:Name>` into a
 * flat record. Enough for the one entity we read; no general XML parser dependency.
 */
import { RegistryResponseError } from '../../errors.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? '';
  });
}

/** Returns the `d:` properties of the first `<entry>`; null properties are left out. */
export function parseODataEntry(xml: string, what: string): Record<string, string> {
  const props = /<m:properties\b[^>]*>([\s\S]*?)<\/m:properties>/.exec(xml);
  if (!/<entry\b/.test(xml) || !props?.[1]) {
    throw new RegistryResponseError(`${what}: not an OData Atom entry`);
  }
  const out: Record<string, string> = {};
  const prop = /<d:([A-Za-z0-9_]+)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/d:\1>)/g;
  for (let m = prop.exec(props[1]); m; m = prop.exec(props[1])) {
    const [, name, attrs, value] = m;
    if (!name || /m:null\s*=\s*"true"/.test(attrs ?? '')) continue;
    out[name] = decode(value ?? '');
  }
  return out;
}
