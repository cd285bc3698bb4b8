export {
  type ConvertedOpenAiRequest,
  convertToOpenAiRequest,
  type OpenAiRequestOptions,
} from './convert-to-openai-request.js';
export { createOpenAiAdapter, type OpenAiAdapter, type OpenAiAdapterSettings } from './openai-adapter.js';
export { type OpenAiReplicaOptions, openAiModule } from './openai-module.js';
