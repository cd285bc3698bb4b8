/** Where a Triton model lives in the v2 routes: `/v2/models/{m}` or `/v2/models/{m}/versions/{v}` (specs/engines/triton.md C.1). */
export function tritonModelPath(model: string, version?: string): string {
  const base = `/v2/models/${encodeURIComponent(model)}`;
  return version === undefined ? base : `${base}/versions/${encodeURIComponent(version)}`;
}
