import type { TritonFakeOptions } from './triton-fake-options.js';

/** Models a TRT-LLM Triton repository holds (specs/engines/triton.md C.2): the ensemble (served name), its steps and the BLS model. */
export const TRITON_SIDE_MODELS = [
  'preprocessing',
  'tensorrt_llm',
  'postprocessing',
  'tensorrt_llm_bls',
] as const;

/** Names of the ensemble's optional inputs, with the seed and min-length names of the configured version. */
export function tritonInputNames(options: TritonFakeOptions): string[] {
  const seed = options.seedInputName ?? 'random_seed';
  const minLength = seed === 'seed' ? 'min_tokens' : 'min_length';
  return [
    'text_input',
    'max_tokens',
    'bad_words',
    'stop_words',
    'end_id',
    'pad_id',
    'top_k',
    'top_p',
    'temperature',
    'length_penalty',
    'repetition_penalty',
    minLength,
    'presence_penalty',
    'frequency_penalty',
    seed,
    'return_log_probs',
    'return_context_logits',
    'return_generation_logits',
    'beam_width',
    'stream',
    'exclude_input_in_output',
    'num_return_sequences',
  ];
}

const OUTPUTS = [
  'text_output',
  'cum_log_probs',
  'output_log_probs',
  'context_logits',
  'generation_logits',
  'batch_index',
  'sequence_index',
];

const DATA_TYPES: Record<string, string> = {
  text_input: 'TYPE_STRING',
  bad_words: 'TYPE_STRING',
  stop_words: 'TYPE_STRING',
  text_output: 'TYPE_STRING',
  top_p: 'TYPE_FP32',
  temperature: 'TYPE_FP32',
  length_penalty: 'TYPE_FP32',
  repetition_penalty: 'TYPE_FP32',
  presence_penalty: 'TYPE_FP32',
  frequency_penalty: 'TYPE_FP32',
  cum_log_probs: 'TYPE_FP32',
  output_log_probs: 'TYPE_FP32',
  context_logits: 'TYPE_FP32',
  generation_logits: 'TYPE_FP32',
  random_seed: 'TYPE_UINT64',
  seed: 'TYPE_UINT64',
  return_log_probs: 'TYPE_BOOL',
  return_context_logits: 'TYPE_BOOL',
  return_generation_logits: 'TYPE_BOOL',
  stream: 'TYPE_BOOL',
  exclude_input_in_output: 'TYPE_BOOL',
};

function kserveType(dataType: string): string {
  return dataType === 'TYPE_STRING' ? 'BYTES' : dataType.replace('TYPE_', '');
}

function backendOf(model: string): { platform: string; backend: string } {
  if (model === 'tensorrt_llm') return { platform: '', backend: 'tensorrtllm' };
  if ((TRITON_SIDE_MODELS as readonly string[]).includes(model)) return { platform: '', backend: 'python' };
  return { platform: 'ensemble', backend: '' };
}

/**
 * The stock ensemble's steps (specs/engines/triton.md C.8): preprocessing tokenizes, tensorrt_llm generates, and
 * postprocessing decodes each response's tokens on their own, so a stream carries per-step text.
 */
const STOCK_ENSEMBLE_SCHEDULING = {
  step: [
    {
      model_name: 'preprocessing',
      model_version: -1,
      input_map: { QUERY: 'text_input', REQUEST_OUTPUT_LEN: 'max_tokens' },
      output_map: { INPUT_ID: '_INPUT_ID', REQUEST_INPUT_LEN: '_REQUEST_INPUT_LEN' },
    },
    {
      model_name: 'tensorrt_llm',
      model_version: -1,
      input_map: { input_ids: '_INPUT_ID', input_lengths: '_REQUEST_INPUT_LEN', streaming: 'stream' },
      output_map: { output_ids: '_TOKENS_BATCH', sequence_length: '_SEQUENCE_LENGTH' },
    },
    {
      model_name: 'postprocessing',
      model_version: -1,
      input_map: { TOKENS_BATCH: '_TOKENS_BATCH', SEQUENCE_LENGTH: '_SEQUENCE_LENGTH' },
      output_map: { OUTPUT: 'text_output' },
    },
  ],
};

function modelParameters(
  model: string,
  backend: string,
  options: TritonFakeOptions,
): Record<string, { string_value: string }> {
  if (backend === 'tensorrtllm') {
    return {
      gpt_model_type: { string_value: 'inflight_fused_batching' },
      batch_scheduler_policy: { string_value: 'guaranteed_no_evict' },
    };
  }
  if (model === 'tensorrt_llm_bls') {
    return {
      accumulate_tokens: { string_value: options.accumulateTokens === true ? 'true' : 'false' },
      tensorrt_llm_model_name: { string_value: 'tensorrt_llm' },
    };
  }
  return {};
}

/** `GET /v2/models/{m}/config`: the JSON form of `ModelConfig` (specs/engines/triton.md C.3), inputs reflecting the seed name option. */
export function tritonModelConfig(model: string, options: TritonFakeOptions): Record<string, unknown> {
  const { platform, backend } = backendOf(model);
  const inputs = tritonInputNames(options);
  return {
    name: model,
    platform,
    backend,
    version_policy: { latest: { num_versions: 1 } },
    max_batch_size: 64,
    input: inputs.map((name) => ({
      name,
      data_type: DATA_TYPES[name] ?? 'TYPE_INT32',
      format: 'FORMAT_NONE',
      dims: [name === 'text_input' || name.endsWith('_words') ? -1 : 1],
      is_shape_tensor: false,
      allow_ragged_batch: false,
      optional: name !== 'text_input' && name !== 'max_tokens',
    })),
    output: OUTPUTS.map((name) => ({ name, data_type: DATA_TYPES[name] ?? 'TYPE_INT32', dims: [-1] })),
    model_transaction_policy: { decoupled: backend === 'tensorrtllm' || backend === 'python' },
    parameters: modelParameters(model, backend, options),
    ...(platform === 'ensemble' ? { ensemble_scheduling: STOCK_ENSEMBLE_SCHEDULING } : {}),
    instance_group: [{ name: `${model}_0`, kind: backend === '' ? 'KIND_CPU' : 'KIND_GPU', count: 1 }],
  };
}

/** `GET /v2/models/{m}`: KServe model metadata ([UNCERTAIN] shape, specs/engines/triton.md C.3). */
export function tritonModelMetadata(model: string, options: TritonFakeOptions): Record<string, unknown> {
  const { platform, backend } = backendOf(model);
  return {
    name: model,
    versions: ['1'],
    platform: platform === '' ? backend : platform,
    inputs: tritonInputNames(options).map((name) => ({
      name,
      datatype: kserveType(DATA_TYPES[name] ?? 'TYPE_INT32'),
      shape: [-1, 1],
    })),
    outputs: OUTPUTS.map((name) => ({
      name,
      datatype: kserveType(DATA_TYPES[name] ?? 'TYPE_INT32'),
      shape: [-1, -1],
    })),
  };
}
