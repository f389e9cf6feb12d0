// What a frontmatter key means, from its type's schema, for hovers: the description in
// both languages, what values it takes, whether it is required.
import { propertySchema, type TypeRegistry } from './document-types';
import { localized, requiredKeys, typeOf, UNTYPED, valueSummary, type Localized } from './completion';
import { frontmatterKeyAt } from './frontmatter-lines';

export interface KeyHover {
  /** Offsets of the key (or the item) the hover is about. */
  start: number;
  end: number;
  /** Key path, `.`-joined with `0` for items: `reviewed.by`, `related.0`. */
  path: string;
  description?: Localized;
  /** Language-neutral: `P0 | P1 | P2 | P3`, `date`, `string[]`. */
  summary: string;
  required: boolean;
  /** The document type it was read from, when known. */
  typeName?: string;
  /** On the value of `type`: what that type is. */
  type?: { name: string; title?: string; description?: Localized };
}

export function keyHover(text: string, offset: number, types: TypeRegistry): KeyHover | undefined {
  const at = frontmatterKeyAt(text, offset);
  if (!at) return undefined;
  const type = typeOf(text, types);
  // Without a known type, only the shared fields are described (they are in every type).
  const schemaType = type ?? UNTYPED;
  const schema = propertySchema(schemaType, at.path);
  const container = at.path.slice(0, -1);
  const key = at.path[at.path.length - 1];
  const hover: KeyHover = {
    start: at.start,
    end: at.end,
    path: at.path.join('.'),
    description: localized(schema),
    summary: valueSummary(schema),
    required: !/^\d+$/.test(key) && requiredKeys(schemaType, container).has(key),
    typeName: type?.name,
  };
  if (at.onValue && at.path.length === 1 && key === 'type' && type) {
    hover.type = { name: type.name, title: typeof type.schema.title === 'string' ? type.schema.title : undefined, description: localized(type.schema) };
  }
  if (!schema && !hover.type) return undefined;
  return hover;
}
