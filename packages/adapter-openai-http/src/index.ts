export { createOpenAiAdapter, type OpenAiAdapter, type OpenAiAdapterSettings } from './openai-adapter.js';
