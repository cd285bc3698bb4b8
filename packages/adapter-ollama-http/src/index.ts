export { type ConvertedOllamaRequest, convertToOllamaRequest } from './convert-to-ollama-request.js';
export { createOllamaAdapter, type OllamaAdapter, type OllamaAdapterSettings } from './ollama-adapter.js';
export type {
  OllamaChatRequest,
  OllamaGenerateRequest,
  OllamaOptions,
  OllamaRequest,
} from './ollama-api-types.js';
export { type OllamaReplicaOptions, ollamaModule } from './ollama-module.js';
