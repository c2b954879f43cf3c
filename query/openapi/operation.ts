import type { z } from 'zod';
import type { ComponentName } from './components';

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

export interface ResponseDoc {
  description: string;
  /** The JSON body's component. */
  body?: ComponentName;
  /** Media types of a body that has no schema here (an external standard, text exposition). */
  mediaTypes?: readonly string[];
}

/** One route as the OpenAPI document describes it. */
export interface ApiOperation {
  /** get when absent. */
  method?: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI form: `{name}` marks a path parameter. */
  path: string;
  operationId: string;
  tag: string;
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
  status?: '200' | '201' | '204';
  response: ResponseDoc;
  /** Other statuses this route answers with its own body. */
  otherResponses?: Readonly<Record<string, ResponseDoc>>;
  /** Statuses answered with the API's error body. */
  errors?: readonly ('400' | '401' | '403' | '404' | '409' | '429' | '503')[];
}
