import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';

const DOC_ID = 'openapi.json';

type Json = Record<string, unknown>;

/** Checks answers of the fake against fake-opencx/openapi.json (path, method, status → schema). */
export class OpenApiResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly doc: Json;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: { method: string; template: string; pattern: RegExp }[] = [];

  constructor() {
    this.doc = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8'),
    ) as Json;
    this.ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    // OpenAPI's own keywords around the schemas are not JSON Schema; declare them so strict mode
    // still catches typos inside the schemas.
    this.ajv.addVocabulary(['openapi', 'info', 'servers', 'security', 'paths', 'components']);
    const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, DOC_ID);
    const paths = this.doc.paths as Record<string, Record<string, unknown>>;
    // Literal paths before templated ones, so /chat/sessions/filter never reads as a session id.
    const templates = Object.keys(paths).sort(
      (a, b) => Number(a.includes('{')) - Number(b.includes('{')),
    );
    for (const template of templates) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of Object.keys(paths[template] ?? {}))
        this.routes.push({ method, template, pattern });
    }
  }

  /** Null when the body fits the documented schema, else one line saying why not. */
  check(method: string, path: string, status: number, body: string): string | null {
    const route = this.routes.find(
      (r) => r.method === method.toLowerCase() && r.pattern.test(path),
    );
    const where = `${method} ${path} → ${status}`;
    let pointer: string;
    if (!route) {
      if (status !== 404 && status !== 401 && status !== 403 && status !== 429) {
        return `${where}: no documented route, so only 401/403/404/429 are expected`;
      }
      pointer = '/components/schemas/Error';
    } else {
      const found = this.responsePointer(route.template, route.method, status);
      if (!found)
        return `${where}: status ${status} is not documented for ${route.method.toUpperCase()} ${route.template}`;
      pointer = found;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `${where}: body is not JSON`;
    }
    const validate = this.validator(pointer);
    if (validate(parsed)) return null;
    return `${where}: ${this.ajv.errorsText(validate.errors)}`;
  }

  private responsePointer(template: string, method: string, status: number): string | null {
    const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
    const paths = this.doc.paths as Record<
      string,
      Record<string, { responses: Record<string, Json> }>
    >;
    let response = paths[template]?.[method]?.responses[String(status)];
    let pointer = `/paths/${escape(template)}/${method}/responses/${status}`;
    if (!response) return null;
    if (typeof response.$ref === 'string') {
      pointer = response.$ref.slice(1);
      const name = pointer.split('/').pop() ?? '';
      const responses =
        (this.doc.components as Record<string, Record<string, Json>>).responses ?? {};
      response = responses[name];
      if (!response) return null;
    }
    return `${pointer}/content/${escape('application/json')}/schema`;
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }
}
