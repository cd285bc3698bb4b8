import type { FinishReason } from '@orch/adapter-api';

/** The mock engine's raw finish reasons, named like llama.cpp's `stop_type`. */
export type MockStopType = 'eos' | 'limit' | 'word' | 'cancelled';

/** Normalises the mock's raw finish reason. */
export function mapMockFinishReason(raw: MockStopType): FinishReason {
  switch (raw) {
    case 'eos':
    case 'word':
      return 'stop';
    case 'limit':
      return 'length';
    case 'cancelled':
      return 'cancelled';
  }
}
