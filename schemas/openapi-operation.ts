import type { z } from 'zod';
import type { Scope } from './access';

/** What a parameter means and a value as it appears in the URL. */
export interface ParamDoc {
  description: string;
  example?: string;
}

/** A query property sent as a repeated parameter (`attr=a=1&attr=b=2`), under `name` in the URL. */
export interface RepeatedParam {
  name: string;
  items: z.ZodType;
}

/** One response of an operation; `Component` names the response schemas it may reference. */
export interface ResponseDoc<Component extends string = string> {
  description: string;
  /** The JSON body's component. */
  body?: Component;
  /** Media types of a body that has no schema here (server-sent events, an external standard, text). */
  mediaTypes?: readonly string[];
}

/** Statuses an operation answers with the API's error body (`{ error: { code, message } }`). */
export type ErrorStatus = '400' | '401' | '403' | '404' | '409' | '413' | '429' | '503';

/**
 * One route as the OpenAPI document describes it, from the zod schemas the route parses with: Spanloop's own
 * routes and those plugins contribute (plugins/sdk `openapi`) share this shape.
 */
export interface OperationDoc<Component extends string = string> {
  /** get when absent. */
  method?: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: `{name}` marks a path parameter. */
  path: string;
  /** Unique in the whole document. */
  operationId: string;
  tag?: string;
  summary: string;
  description?: string;
  /** Path parameters the route validates apart from its query schema. */
  pathParams?: Readonly<Record<string, z.ZodType>>;
  /** The schema the route parses its query with; a property named in the path is a path parameter. */
  query?: z.ZodType;
  /** Query properties the route rejects although the shared schema has them. */
  omit?: readonly string[];
  /** Query properties whose URL form is a repeated parameter. */
  repeated?: Readonly<Record<string, RepeatedParam>>;
  params?: Readonly<Record<string, ParamDoc>>;
  /** The JSON body the route parses. */
  body?: z.ZodType;
  /** The success status (200). */
  status?: '200' | '201' | '202' | '204';
  response: ResponseDoc<Component>;
  /** Other statuses this route answers with its own body (a 304, another envelope). */
  otherResponses?: Readonly<Record<string, ResponseDoc<Component>>>;
  /** Statuses answered with the API's error body. */
  errors?: readonly ErrorStatus[];
  /**
   * The scope a plugin route needs instead of its method's (`read` to look, `write` to change): `run` for a call
   * that spends money (a model call), `read` for a POST that only looks. The host enforces it.
   */
  scope?: Scope;
}

/**
 * Operations documented beside Spanloop's own (a plugin's): absolute paths, under one tag, with the response
 * schemas they name. Component names and operation ids must not collide with any other in the document.
 */
export interface OpenApiContribution {
  tag: { name: string; description: string };
  components: Readonly<Record<string, z.ZodType>>;
  operations: readonly (OperationDoc & { tag: string })[];
}
