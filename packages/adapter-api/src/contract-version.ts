/**
 * Version of the adapter contract. Bumped on any breaking change to events, task fields or adapter methods,
 * so that an adapter built against another version can be refused at composition time.
 */
export const CONTRACT_VERSION = '2.0.0';
