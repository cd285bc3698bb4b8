/** The engines this package fakes. */
export const FAKE_ENGINE_KINDS = ['vllm', 'tgi', 'triton', 'ollama', 'llamacpp'] as const;

/** One of {@link FAKE_ENGINE_KINDS}. */
export type FakeEngineKind = (typeof FAKE_ENGINE_KINDS)[number];

/** Whether a string names a fake engine. */
export function isFakeEngineKind(value: string): value is FakeEngineKind {
  return (FAKE_ENGINE_KINDS as readonly string[]).includes(value);
}
