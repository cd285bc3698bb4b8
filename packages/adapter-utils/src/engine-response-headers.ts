import type { IncomingHttpHeaders } from 'node:http';

/** The headers of an engine answer, read by name (case-insensitive), like the fetch `Headers` getter. */
export interface EngineResponseHeaders {
  /** The header's value (repeated headers joined by `, `), or `null` when absent. */
  get(name: string): string | null;
}

class IncomingHeaders implements EngineResponseHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

/** Wraps the header object node:http parsed (lower-case names) without copying it. */
export function wrapIncomingHeaders(raw: IncomingHttpHeaders): EngineResponseHeaders {
  return new IncomingHeaders(raw);
}
