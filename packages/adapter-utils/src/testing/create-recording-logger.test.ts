import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from './create-recording-logger.js';

describe('createRecordingLogger', () => {
  it('records each call with its level, message and fields (fields left out when none are given)', () => {
    const { logger, logs } = createRecordingLogger();
    logger.warn('engine slow', { replica: 'r1' });
    logger.debug('request sent');
    expect(logs).toEqual([
      { level: 'warn', message: 'engine slow', fields: { replica: 'r1' } },
      { level: 'debug', message: 'request sent' },
    ]);
    expect('fields' in (logs[1] ?? {})).toBe(false);
  });
});
