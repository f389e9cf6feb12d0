// Document types are data: a JSON Schema each, with the id pattern and required sections
// in its `x-baton` block. The five built-in types ship with Baton; config adds more.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import documentSchema from '../../schemas/document.schema.json';
import articleSchema from '../../schemas/article.schema.json';
import caseSchema from '../../schemas/case.schema.json';
import checklistSchema from '../../schemas/checklist.schema.json';
import handoverSchema from '../../schemas/handover.schema.json';
import changeSchema from '../../schemas/change.schema.json';
import type { TypeSettings } from './config';

export interface Section {
  zh: string;
  en: string;
}

export interface DocumentType {
  name: string;
  idPattern?: RegExp;
  idTemplate?: string;
  sections: Section[];
  folder?: string;
  schema: Record<string, unknown>;
  /** Compiled on first use for a built-in schema (they are known to compile); at once for a custom one. */
  readonly validate: ValidateFunction;
}

interface BatonAnnotations {
  idPattern?: string;
  idTemplate?: string;
  sections?: Section[];
  folder?: string;
}

export const BUILTIN_SCHEMAS: Record<string, Record<string, unknown>> = {
  article: articleSchema,
  case: caseSchema,
  checklist: checklistSchema,
  handover: handoverSchema,
  change: changeSchema,
};

export class DocumentTypeError extends Error {
  constructor(readonly typeName: string, message: string) {
    super(message);
  }
}

/**
 * Schemas are not checked against the JSON Schema meta-schema as they are added: compiling
 * the meta-schema took 60 ms of every start (the CLI, each parse worker, the editor), twice.
 * The tests check the bundled schemas; a custom one is checked when the KB opens.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-baton', schemaType: 'object' });
  ajv.addKeyword({ keyword: 'x-zh', schemaType: 'string' });
  return ajv;
}

export class TypeRegistry {
  private readonly types = new Map<string, DocumentType>();

  /**
   * @param settings types from config
   * @param schemas custom schema documents already read, keyed by the path config names
   */
  constructor(settings: Record<string, TypeSettings> = {}, schemas: Record<string, unknown> = {}) {
    const ajv = createAjv();
    ajv.addSchema(documentSchema);
    const names = new Set([...Object.keys(BUILTIN_SCHEMAS), ...Object.keys(settings)]);
    for (const name of names) {
      const setting = settings[name] ?? {};
      const schema = (setting.schema ? schemas[setting.schema] : BUILTIN_SCHEMAS[name]) as Record<string, unknown> | undefined;
      if (!schema || typeof schema !== 'object') {
        throw new DocumentTypeError(name, `type "${name}" has no schema${setting.schema ? ` (${setting.schema} could not be read)` : ''}`);
      }
      // Compiling every schema took most of opening the engine (about 100 ms), in the CLI, the
      // editor and each parse worker, also when every result comes from a cache. A custom
      // schema is compiled here, so a broken one is reported when the KB opens.
      let validate: ValidateFunction | undefined;
      const compile = (): ValidateFunction => {
        try {
          return (validate ??= ajv.compile(schema));
        } catch (error) {
          throw new DocumentTypeError(name, `schema of type "${name}" is invalid: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      if (setting.schema) {
        if (!ajv.validateSchema(schema)) throw new DocumentTypeError(name, `schema of type "${name}" is invalid: ${ajv.errorsText(ajv.errors)}`);
        compile();
      }
      const annotations = (schema['x-baton'] ?? {}) as BatonAnnotations;
      const pattern = setting.idPattern ?? annotations.idPattern;
      this.types.set(name, {
        name,
        idPattern: pattern ? new RegExp(pattern, 'u') : undefined,
        idTemplate: setting.idTemplate ?? annotations.idTemplate,
        sections: setting.sections ?? annotations.sections ?? [],
        folder: setting.folder ?? annotations.folder,
        schema,
        get validate() {
          return compile();
        },
      });
    }
  }

  get(name: unknown): DocumentType | undefined {
    return typeof name === 'string' ? this.types.get(name) : undefined;
  }

  names(): string[] {
    return [...this.types.keys()];
  }

  all(): DocumentType[] {
    return [...this.types.values()];
  }
}

/** Describes a property of a type's schema, following allOf/$ref into the shared document schema. */
export function propertySchema(type: DocumentType, path: readonly string[]): Record<string, unknown> | undefined {
  let candidates: Array<Record<string, unknown>> = [type.schema, documentSchema as Record<string, unknown>];
  let found: Record<string, unknown> | undefined;
  for (const key of path) {
    found = undefined;
    for (const schema of candidates) {
      const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
      const items = schema.items as Record<string, unknown> | undefined;
      const next = props?.[key] ?? (/^\d+$/.test(key) ? items : undefined);
      if (next) found = { ...(next as object), ...(found ?? {}) };
    }
    if (!found) return undefined;
    candidates = [found];
  }
  return found;
}

export type SchemaError = ErrorObject;

/** Keys a mapping at `path` may hold, for suggestions and completion. */
export function knownKeys(type: DocumentType, path: readonly string[]): string[] {
  if (path.length === 0) {
    const own = (type.schema.properties as object | undefined) ?? {};
    const shared = (documentSchema.properties as object | undefined) ?? {};
    return [...new Set([...Object.keys(shared), ...Object.keys(own)])];
  }
  return Object.keys((propertySchema(type, path)?.properties as object | undefined) ?? {});
}
