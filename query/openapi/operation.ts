import type {
  OperationDoc,
  ParamDoc,
  RepeatedParam,
  ResponseDoc as AnyResponseDoc,
} from '../../schemas/openapi-operation';
import type { ComponentName } from './components';

export type { ParamDoc, RepeatedParam };

/** A response of one of Spanloop's own routes: its body is one of COMPONENTS. */
export type ResponseDoc = AnyResponseDoc<ComponentName>;

/** One of Spanloop's own routes as the OpenAPI document describes it. */
export type ApiOperation = OperationDoc<ComponentName> & { tag: string };
