import { z } from 'zod';
import { Content } from '../../schemas/content';
import { IdParam } from './evaluator-store';
import { EvaluatorNameText, VersionString } from './api-schemas';

// Cozeloop's evaluator OpenAPI (`coze.loop.evaluation.openapi.thrift`, `domain_openapi/evaluator.thrift`):
// snake_case, int64 ids as JSON strings (numbers accepted), lower-case enums.

const Int64Text = z.string().describe('an int64 as a JSON string');
const Workspace = { workspace_id: z.union([z.string(), z.number()]).optional() };

const LoopMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: Content.optional(),
  ext: z.record(z.string(), z.string()).optional(),
});

const ModelConfig = z.object({
  model_id: z.union([z.string().max(256), z.number().int()]).optional(),
  model_name: z.string().max(256).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().max(1_000_000).optional(),
  top_p: z.number().min(0).max(1).optional(),
});

const ArgsSchema = z.object({
  key: z.string().max(256).optional(),
  support_content_types: z.array(z.string().max(32)).max(16).optional(),
  json_schema: z.string().max(100_000).optional(),
});

const HttpInfo = z.object({
  method: z.enum(['get', 'post']).optional(),
  path: z.string().max(4096).optional(),
});

/** `EvaluatorContent`: exactly one of the typed evaluators. */
export const LoopEvaluatorContent = z.object({
  is_receive_chat_history: z.boolean().optional(),
  input_schemas: z.array(ArgsSchema).max(64).optional(),
  output_schemas: z.array(ArgsSchema).max(64).optional(),
  prompt_evaluator: z
    .object({ messages: z.array(LoopMessage).max(64).optional(), model_config: ModelConfig.optional() })
    .optional(),
  code_evaluator: z
    .object({
      language_type: z.enum(['python', 'javascript']).optional(),
      code_content: z.string().max(200_000).optional(),
    })
    .optional(),
  /** Spanloop's HTTP evaluator: `invoke_http_info.path` is the service URL, `ext.secret` its HMAC key. */
  custom_rpc_evaluator: z
    .object({
      provider_evaluator_code: z.string().max(256).optional(),
      access_protocol: z.string().max(32).optional(),
      service_name: z.string().max(256).optional(),
      cluster: z.string().max(256).optional(),
      invoke_http_info: HttpInfo.optional(),
      async_invoke_http_info: HttpInfo.optional(),
      timeout: z.union([z.number().int(), z.string()]).optional(),
      ext: z.record(z.string(), z.string().max(4096)).optional(),
      is_async: z.boolean().optional(),
    })
    .optional(),
});
export type LoopEvaluatorContent = z.output<typeof LoopEvaluatorContent>;

export const LoopEvaluatorType = z.enum(['prompt', 'code', 'custom_rpc', 'builtin', 'plugin']);

export const LoopInputData = z.object({
  history_messages: z.array(LoopMessage).max(1000).optional(),
  input_fields: z.record(z.string().min(1).max(256), Content).optional(),
  evaluate_dataset_fields: z.record(z.string().min(1).max(256), Content).optional(),
  evaluate_target_output_fields: z.record(z.string().min(1).max(256), Content).optional(),
});
export type LoopInputData = z.output<typeof LoopInputData>;

const RunConf = z.object({
  env: z.string().max(256).optional(),
  evaluator_runtime_param: z.object({ json_value: z.string().max(100_000).optional() }).optional(),
});

const PageNumber = {
  page_size: z.number().int().min(1).max(200).default(20),
  page_number: z.number().int().min(1).max(1_000_000).default(1),
};

export const CreateEvaluatorOApiRequest = z.object({
  ...Workspace,
  evaluator: z.object({
    name: EvaluatorNameText,
    description: z.string().max(4096).optional(),
    evaluator_type: LoopEvaluatorType,
    current_version: z
      .object({
        version: VersionString.optional(),
        description: z.string().max(4096).optional(),
        evaluator_content: LoopEvaluatorContent.optional(),
      })
      .optional(),
  }),
});

export const ListEvaluatorsOApiRequest = z.object({
  ...Workspace,
  search_name: z.string().max(128).optional(),
  creator_ids: z
    .array(z.union([z.string(), z.number()]))
    .max(100)
    .optional(),
  evaluator_type: z.array(LoopEvaluatorType).max(8).optional(),
  with_version: z.boolean().optional(),
  builtin: z.boolean().optional(),
  ...PageNumber,
});

export const BatchGetEvaluatorsOApiRequest = z.object({
  ...Workspace,
  evaluator_ids: z.array(IdParam).max(200).default([]),
  include_deleted: z.boolean().optional(),
});

export const UpdateEvaluatorOApiRequest = z.object({
  ...Workspace,
  name: EvaluatorNameText.optional(),
  description: z.string().max(4096).optional(),
});

export const UpdateEvaluatorDraftOApiRequest = z.object({
  ...Workspace,
  evaluator_content: LoopEvaluatorContent,
  evaluator_type: LoopEvaluatorType.optional(),
});

export const SubmitEvaluatorVersionOApiRequest = z.object({
  ...Workspace,
  version: VersionString,
  description: z.string().max(4096).optional(),
});

export const ListEvaluatorVersionsOApiRequest = z.object({
  ...Workspace,
  query_versions: z.array(z.string().max(64)).max(200).optional(),
  ...PageNumber,
});

export const BatchGetEvaluatorVersionsOApiRequest = z.object({
  ...Workspace,
  evaluator_version_ids: z.array(IdParam).max(200).default([]),
  include_deleted: z.boolean().optional(),
});

export const RunEvaluatorOApiRequest = z.object({
  ...Workspace,
  input_data: LoopInputData.default({}),
  evaluator_run_conf: RunConf.optional(),
  ext: z.record(z.string(), z.string()).optional(),
});

export const AsyncRunEvaluatorOApiRequest = RunEvaluatorOApiRequest.extend({
  callback_url: z.string().max(4096).optional(),
});

export const RunBuiltinEvaluatorOApiRequest = RunEvaluatorOApiRequest.extend({
  builtin_evaluator_id: IdParam.optional(),
  builtin_evaluator_name: z.string().min(1).max(128).optional(),
}).refine(
  (r) => r.builtin_evaluator_id !== undefined || r.builtin_evaluator_name !== undefined,
  'give builtin_evaluator_id or builtin_evaluator_name',
);

export const CorrectEvaluatorRecordOApiRequest = z.object({
  ...Workspace,
  correction: z.object({ score: z.number().finite(), explain: z.string().max(10_000).optional() }),
});

export const BatchGetEvaluatorRecordsOApiRequest = z.object({
  ...Workspace,
  evaluator_record_ids: z.array(IdParam).max(200).default([]),
  include_deleted: z.boolean().optional(),
});

/** The SPI's `InvokeEvaluatorRunStatus`: SUCCESS = 1, FAILED = 2 (names accepted too). */
const InvokeStatus = z.union([
  z.literal(1).transform(() => 'success' as const),
  z.literal(2).transform(() => 'failed' as const),
  z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['success', 'failed', 'fail']))
    .transform((s) => (s === 'success' ? ('success' as const) : ('failed' as const))),
]);

/** `ReportEvaluatorInvokeResultRequest`: an async evaluator service reporting one invocation. */
export const ReportEvaluatorInvokeResultRequest = z.object({
  ...Workspace,
  invoke_id: z.union([z.string().min(1).max(128), z.number().int()]).transform(String),
  status: InvokeStatus,
  /** A delivery id: a report repeated with any cid after the first changes nothing. */
  cid: z.string().max(256).optional(),
  output: z
    .object({
      evaluator_result: z
        .object({ score: z.number().finite().optional(), reasoning: z.string().max(100_000).optional() })
        .optional(),
      evaluator_usage: z
        .object({
          input_tokens: z.union([z.number().int(), z.string().regex(/^\d{1,15}$/)]).optional(),
          output_tokens: z.union([z.number().int(), z.string().regex(/^\d{1,15}$/)]).optional(),
        })
        .optional(),
      evaluator_run_error: z
        .object({ code: z.number().int().optional(), message: z.string().max(10_000).optional() })
        .optional(),
    })
    .optional(),
});

// Answers.

const UserInfo = z.object({ user_id: z.string().optional(), name: z.string().optional() });
const BaseInfo = z.object({
  created_by: UserInfo.optional(),
  updated_by: UserInfo.optional(),
  created_at: Int64Text.optional().describe('Unix milliseconds'),
  updated_at: Int64Text.optional(),
});

const ContentOut = z.object({
  is_receive_chat_history: z.boolean().optional(),
  prompt_evaluator: z
    .object({
      messages: z.array(z.object({ role: z.string(), content: Content })),
      model_config: z.object({
        model_id: z.string(),
        temperature: z.number().optional(),
        max_tokens: z.number().int().optional(),
        top_p: z.number().optional(),
      }),
    })
    .optional(),
  code_evaluator: z.object({ language_type: z.string(), code_content: z.string() }).optional(),
  custom_rpc_evaluator: z
    .object({
      access_protocol: z.string(),
      invoke_http_info: z.object({ method: z.string(), path: z.string() }),
      timeout: Int64Text.optional(),
      is_async: z.boolean().optional(),
      ext: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  builtin_evaluator: z
    .object({ name: z.string(), params: z.record(z.string(), z.unknown()).optional() })
    .optional()
    .describe('Spanloop: a deterministic built-in'),
  plugin_evaluator: z.object({ name: z.string() }).optional().describe('Spanloop: a plugin’s evaluator'),
});

export const CozeloopEvaluatorVersion = z.object({
  id: Int64Text.optional(),
  version: z.string(),
  description: z.string(),
  evaluator_content: ContentOut,
  base_info: BaseInfo,
});

export const CozeloopEvaluator = z.object({
  id: Int64Text,
  workspace_id: z.string(),
  name: z.string(),
  description: z.string(),
  evaluator_type: z.string(),
  is_draft_submitted: z.boolean(),
  latest_version: z.string(),
  current_version: CozeloopEvaluatorVersion,
  base_info: BaseInfo,
});

export const CozeloopEvaluatorOutputData = z.object({
  evaluator_result: z
    .object({
      score: z.number().optional(),
      reasoning: z.string().optional(),
      correction: z.object({ score: z.number(), explain: z.string(), updated_by: z.string() }).optional(),
    })
    .optional(),
  evaluator_usage: z.object({ input_tokens: Int64Text, output_tokens: Int64Text }).optional(),
  evaluator_run_error: z.object({ code: z.number().int(), message: z.string() }).optional(),
  time_consuming_ms: Int64Text.optional(),
  stdout: z.string().optional(),
});

export const CozeloopEvaluatorRecord = z.object({
  id: Int64Text,
  evaluator_version_id: Int64Text.optional(),
  status: z.enum(['success', 'failed', 'processing']),
  evaluator_output_data: CozeloopEvaluatorOutputData.optional(),
  trace_id: z.string().optional(),
  base_info: BaseInfo,
});

const envelope = <T extends z.ZodType>(data: T) => z.object({ code: z.literal(0), msg: z.string(), data });

export const CozeloopEvaluatorsCodeBody = z.object({ code: z.number().int(), msg: z.string() });
export const CozeloopCreateEvaluatorResponse = envelope(z.object({ evaluator_id: Int64Text }));
export const CozeloopEmptyResponse = envelope(z.object({}));
export const CozeloopListEvaluatorsResponse = envelope(
  z.object({ evaluators: z.array(CozeloopEvaluator), total: Int64Text }),
);
export const CozeloopEvaluatorsResponse = envelope(z.object({ evaluators: z.array(CozeloopEvaluator) }));
export const CozeloopEvaluatorResponse = envelope(z.object({ evaluator: CozeloopEvaluator }));
export const CozeloopListEvaluatorVersionsResponse = envelope(
  z.object({ evaluator_versions: z.array(CozeloopEvaluatorVersion), total: Int64Text }),
);
export const CozeloopRunEvaluatorResponse = envelope(z.object({ record: CozeloopEvaluatorRecord }));
export const CozeloopAsyncRunEvaluatorResponse = envelope(
  z.object({ invoke_id: Int64Text, record: CozeloopEvaluatorRecord }),
);
export const CozeloopEvaluatorRecordsResponse = envelope(
  z.object({ records: z.array(CozeloopEvaluatorRecord) }),
);
export const CozeloopReportResultResponse = z.object({ code: z.literal(0), msg: z.string() });
