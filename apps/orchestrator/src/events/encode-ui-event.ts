import type { UiEventMap, UiEventType } from './ui-event-types.js';

/** The SSE frame of one `/v1/events` event: its sequence number as `id:`, its type as `event:`, JSON as `data:`. */
export function encodeUiEvent<K extends UiEventType>(sequence: number, type: K, data: UiEventMap[K]): string {
  return `id: ${sequence}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}
