// Test support: checks real response bodies against the schemas the OpenAPI document gives for them.
import { Ajv2020 } from 'ajv/dist/2020';
import type { HttpMethod, OpenApiDocument } from './openapi-document';

const DOCUMENT_ID = 'https://spanloop.invalid/api/v1/openapi.json';

/** What a documented response says about a status: its JSON schema reference and media types. */
export interface DocumentedResponse {
  mediaTypes: string[];
  /** `#/components/schemas/<name>` of the JSON body, when it has one. */
  schemaRef?: string;
}

export const documentedResponse = (
  doc: OpenApiDocument,
  path: string,
  status: number,
  method: HttpMethod = 'get',
): DocumentedResponse | undefined => {
  const response = doc.paths[path]?.[method]?.responses[String(status)];
  if (response === undefined) return undefined;
  const content = response.content ?? {};
  const ref = content['application/json']?.schema?.$ref;
  return ref === undefined
    ? { mediaTypes: Object.keys(content) }
    : { mediaTypes: Object.keys(content), schemaRef: ref };
};

/** A JSON Schema 2020-12 validator over the document's components; answers the errors, none when valid. */
export const componentValidator = (doc: OpenApiDocument) => {
  // OpenAPI documents carry keywords (`components`) that are not JSON Schema; strict mode would refuse them.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: DOCUMENT_ID, components: doc.components });
  return (schemaRef: string, body: unknown): string[] => {
    const validate = ajv.getSchema(`${DOCUMENT_ID}${schemaRef}`);
    if (validate === undefined) return [`no schema at ${schemaRef}`];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  };
};
