import { describe, expect, it } from 'vitest';
import { describeReplica, joinEngineUrl } from './engine-url.js';

describe('joinEngineUrl', () => {
  it('puts exactly one slash between the base URL and the path', () => {
    expect(joinEngineUrl('http://127.0.0.1:8080', '/health').href).toBe('http://127.0.0.1:8080/health');
    expect(joinEngineUrl('http://127.0.0.1:8080/', 'health').href).toBe('http://127.0.0.1:8080/health');
  });

  it('keeps a path prefix of the base URL (an engine behind a proxy)', () => {
    expect(joinEngineUrl('http://proxy.local/llama/', '/completion').href).toBe(
      'http://proxy.local/llama/completion',
    );
  });

  it('keeps the query string of the path and drops the base URL query', () => {
    expect(joinEngineUrl('http://h:1/?key=abc', '/slots?fail_on_no_slot=1').href).toBe(
      'http://h:1/slots?fail_on_no_slot=1',
    );
  });
});

describe('describeReplica', () => {
  it('leaves out credentials, query and trailing slash (OC-ADAPT-6020)', () => {
    expect(describeReplica('http://user:hunter2@engine.local:8000/v1/?api_key=abc#x')).toBe(
      'http://engine.local:8000/v1',
    );
  });

  it('describes an invalid URL without echoing it', () => {
    expect(describeReplica('not a url with secret')).toBe('(invalid engine URL)');
  });
});
