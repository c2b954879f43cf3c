import { describe, expect, it } from 'vitest';
import datasets from '../plugins/datasets';
import { contributionOf } from '../plugins/host/openapi-contribution';
import { buildOpenApiDocument } from '../query/openapi';

// A plugin contribution that fails to convert is left out of the document quietly (its tag says why): the
// datasets plugin's operations, Cozeloop's evaluation-set routes among them, must all make it in.
describe('the datasets plugin in the OpenAPI document', () => {
  it('documents every operation it declares', () => {
    const root = (datasets.openapi?.rootOperations ?? []).map(
      (op) => `${(op.method ?? 'get').toUpperCase()} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`,
    );
    const doc = buildOpenApiDocument([contributionOf(datasets, root)]);
    expect(doc.tags.find((t) => t.name === 'datasets')?.description).not.toMatch(/not documented here/);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    const declared = [...(datasets.openapi?.operations ?? []), ...(datasets.openapi?.rootOperations ?? [])];
    expect(declared.length).toBeGreaterThanOrEqual(18);
    for (const op of declared) expect(ids).toContain(op.operationId);
    expect(doc.paths['/v1/loop/evaluation/evaluation_sets/{evaluation_set_id}/items']).toHaveProperty('post');
    expect(doc.paths['/api/v1/datasets/{id}/from-traces/preview']).toHaveProperty('post');
  });
});
