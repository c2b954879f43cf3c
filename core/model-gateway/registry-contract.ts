// Test support: the model registry on one engine, run by registry-pglite.test.ts and registry-pg.test.ts.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CreateModelBody, CreateProviderBody } from '../../schemas/models';
import { coreMetadataMigrations } from '../../schemas/postgres/core-migrations';
import { createWorkspace } from '../access/workspaces';
import { migrateMetadata } from '../metadata/migrate';
import type { MetadataStore } from '../metadata/types';
import { loadModelConfig } from './model-config-file';
import { seedModels } from './model-config-seed';
import { createModel, deleteModel, listModels, modelById, resolveModel, updateModel } from './model-store';
import {
  createProvider,
  deleteProvider,
  listProviders,
  openProviderSecrets,
  providerById,
  updateProvider,
} from './provider-store';
import { createSecretBox } from './secret-box';

const KEY = 'sk-live-registry-0123456789abcdefXYZW';
const HEADER_SECRET = 'helicone-secret-value-42';

const value = <T>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

export const registryContract = (name: string, open: () => Promise<MetadataStore>) =>
  describe(`model registry on ${name}`, () => {
    const box = createSecretBox(randomBytes(32));
    const setup = async () => {
      const store = await open();
      await migrateMetadata(store, coreMetadataMigrations);
      for (const id of ['ws-a', 'ws-b']) await createWorkspace(store, { id, name: id });
      return store;
    };
    const provider = (over: Record<string, unknown> = {}) =>
      CreateProviderBody.parse({ name: 'openai', kind: 'openai', apiKey: KEY, ...over });

    it('keeps keys and header values sealed at rest and shows only a hint', async () => {
      const store = await setup();
      const p = value(
        await createProvider(store, box, 'ws-a', provider({ headers: { 'Helicone-Auth': HEADER_SECRET } })),
      );
      expect(p).toMatchObject({
        apiKeyHint: 'XYZW',
        headerNames: ['Helicone-Auth'],
        timeoutMs: 60_000,
        maxRetries: 2,
      });
      const dump = JSON.stringify(await store.query('SELECT * FROM model_providers'));
      for (const secret of [
        KEY,
        KEY.slice(0, 12),
        HEADER_SECRET,
        Buffer.from(KEY).toString('base64').slice(0, 16),
      ])
        expect(dump).not.toContain(secret);
      expect(p.apiKeySealed).toMatch(/^v1\.[0-9a-f]{8}\./);
      expect(value(openProviderSecrets(box, p))).toEqual({
        apiKey: KEY,
        headers: { 'Helicone-Auth': HEADER_SECRET },
      });
      const short = value(
        await createProvider(store, box, 'ws-a', provider({ name: 'short', apiKey: 'abc123' })),
      );
      expect(short.apiKeyHint).toBeNull();
      await store.close();
    });

    it('binds sealed keys to their workspace: copied into another, they do not open', async () => {
      const store = await setup();
      const a = value(await createProvider(store, box, 'ws-a', provider()));
      const b = value(
        await createProvider(store, box, 'ws-b', provider({ apiKey: 'sk-other-workspace-key-0000' })),
      );
      await store.query('UPDATE model_providers SET api_key_sealed = $1 WHERE id = $2', [
        a.apiKeySealed,
        b.id,
      ]);
      const moved = await providerById(store, 'ws-b', b.id);
      const opened = openProviderSecrets(box, moved ?? b);
      expect(opened.ok).toBe(false);
      if (!opened.ok) expect(opened.error.message).toMatch(/altered or moved/);
      await store.close();
    });

    it('updates fields, replaces or removes the key, and refuses taken names and bad shapes', async () => {
      const store = await setup();
      const p = value(await createProvider(store, box, 'ws-a', provider()));
      value(await createProvider(store, box, 'ws-a', provider({ name: 'other' })));
      const renamed = value(
        await updateProvider(store, box, 'ws-a', p.id, {
          name: 'openai-prod',
          rateLimitRpm: 600,
          apiKey: 'sk-new-key-abcdefghij1234',
        }),
      );
      expect(renamed).toMatchObject({ name: 'openai-prod', rateLimitRpm: 600, apiKeyHint: '1234' });
      expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(p.updatedAt.getTime());
      expect(value(openProviderSecrets(box, renamed)).apiKey).toBe('sk-new-key-abcdefghij1234');
      const keyless = value(
        await updateProvider(store, box, 'ws-a', p.id, { apiKey: null, rateLimitRpm: null }),
      );
      expect(keyless).toMatchObject({
        apiKeySealed: null,
        apiKeyHint: null,
        rateLimitRpm: null,
        name: 'openai-prod',
      });
      const taken = await updateProvider(store, box, 'ws-a', p.id, { name: 'other' });
      expect(taken.ok || taken.error.kind).toBe('conflict');
      const dup = await createProvider(store, box, 'ws-a', provider({ name: 'other' }));
      expect(dup.ok || dup.error.kind).toBe('conflict');
      const azure = await updateProvider(store, box, 'ws-a', p.id, { apiVersion: '2024-10-21' });
      expect(azure.ok || azure.error.message).toMatch(/needs its baseUrl/);
      const anthropic = await createProvider(
        store,
        box,
        'ws-a',
        provider({ name: 'x', kind: 'anthropic', apiVersion: '1', baseUrl: 'https://a.example' }),
      );
      expect(anthropic.ok || anthropic.error.message).toMatch(/openai providers/);
      await store.close();
    });

    it('keeps each workspace’s providers and models to itself', async () => {
      const store = await setup();
      const a = value(await createProvider(store, box, 'ws-a', provider()));
      const modelA = value(
        await createModel(
          store,
          'ws-a',
          CreateModelBody.parse({ providerId: a.id, name: 'gpt', model: 'gpt-4o' }),
        ),
      );
      // The same names are free in another workspace.
      const b = value(await createProvider(store, box, 'ws-b', provider()));
      expect(b.id).not.toBe(a.id);
      expect(await providerById(store, 'ws-b', a.id)).toBeUndefined();
      expect((await listProviders(store, 'ws-b')).map((p) => p.id)).toEqual([b.id]);
      expect((await updateProvider(store, box, 'ws-b', a.id, { name: 'stolen' })).ok).toBe(false);
      const del = await deleteProvider(store, 'ws-b', a.id);
      expect(del.ok || del.error.kind).toBe('not_found');
      const cross = await createModel(
        store,
        'ws-b',
        CreateModelBody.parse({ providerId: a.id, name: 'gpt', model: 'x' }),
      );
      expect(cross.ok || cross.error.message).toMatch(/not a provider of this workspace/);
      expect(await modelById(store, 'ws-b', modelA.id)).toBeUndefined();
      expect(await resolveModel(store, 'ws-b', 'gpt')).toBeUndefined();
      expect(await listModels(store, 'ws-b')).toEqual([]);
      expect((await updateModel(store, 'ws-b', modelA.id, { name: 'mine' })).ok).toBe(false);
      expect(await deleteModel(store, 'ws-b', modelA.id)).toBe(false);
      const moved = await updateModel(store, 'ws-b', modelA.id, { providerId: b.id });
      expect(moved.ok).toBe(false);
      // The database itself refuses a model whose provider is in another workspace.
      await expect(
        store.query(
          `INSERT INTO models (id, workspace_id, provider_id, name, model) VALUES ('mdl_x', 'ws-b', $1, 'sneaky', 'm')`,
          [a.id],
        ),
      ).rejects.toThrow();
      await store.close();
    });

    it('registers models with defaults inside their schema, by id or name, and guards providers in use', async () => {
      const store = await setup();
      const p = value(await createProvider(store, box, 'ws-a', provider()));
      const schema = [
        { name: 'temperature', type: 'float', min: 0, max: 1, default: 0.7 },
        { name: 'max_tokens', type: 'int', min: 1, max: 4096 },
      ];
      const bad = await createModel(
        store,
        'ws-a',
        CreateModelBody.parse({
          providerId: p.id,
          name: 'm',
          model: 'gpt',
          paramSchema: schema,
          defaultParams: { maxTokens: 9999 },
        }),
      );
      expect(bad.ok || bad.error.message).toMatch(/parameter max_tokens .*9999 is above the maximum 4096/);
      const m = value(
        await createModel(
          store,
          'ws-a',
          CreateModelBody.parse({
            providerId: p.id,
            name: 'gpt small',
            model: 'gpt-4o-mini',
            paramSchema: schema,
            defaultParams: { maxTokens: 512 },
            contextWindow: 128_000,
            pricing: { inputPrice: 1.5e-7, outputPrice: 6e-7 },
          }),
        ),
      );
      expect(m).toMatchObject({
        paramSchema: schema,
        defaultParams: { maxTokens: 512 },
        contextWindow: 128_000,
      });
      expect((await resolveModel(store, 'ws-a', m.id))?.id).toBe(m.id);
      expect((await resolveModel(store, 'ws-a', 'gpt small'))?.id).toBe(m.id);
      const tightened = await updateModel(store, 'ws-a', m.id, {
        paramSchema: [{ name: 'max_tokens', type: 'int', max: 100 }],
      });
      expect(tightened.ok || tightened.error.message).toMatch(/512 is above the maximum 100/);
      const cleared = value(
        await updateModel(store, 'ws-a', m.id, { pricing: null, contextWindow: null, model: 'gpt-4.1' }),
      );
      expect(cleared).toMatchObject({ pricing: null, contextWindow: null, model: 'gpt-4.1' });
      const inUse = await deleteProvider(store, 'ws-a', p.id);
      expect(inUse.ok || inUse.error.message).toMatch(/1 model\(s\) use this provider/);
      expect(await deleteModel(store, 'ws-a', m.id)).toBe(true);
      expect((await deleteProvider(store, 'ws-a', p.id)).ok).toBe(true);
      expect(await listProviders(store, 'ws-a')).toEqual([]);
      await store.close();
    });

    it('drops a key not entered again when a provider is pointed elsewhere, unless the seed file gives it', async () => {
      const store = await setup();
      const seed = (url: string) => {
        const loaded = loadModelConfig(
          `providers: [{ name: moving, kind: openai, base_url: "${url}", api_key: sk-seeded-key-00000001 }]`,
          () => undefined,
        );
        if (!loaded.ok) throw loaded.error;
        return seedModels(store, box, 'ws-a', loaded.value);
      };
      await seed('https://a.example/v1');
      const moving = async () => (await listProviders(store, 'ws-a')).find((p) => p.name === 'moving');
      expect((await seed('https://b.example/v1')).providers.updated).toEqual(['moving']);
      const seeded = await moving();
      expect(seeded && value(openProviderSecrets(box, seeded)).apiKey).toBe('sk-seeded-key-00000001');
      const moved = value(
        await updateProvider(store, box, 'ws-a', seeded?.id ?? '', { baseUrl: 'https://c.example/v1' }),
      );
      expect(moved).toMatchObject({ apiKeySealed: null, apiKeyHint: null, dropped: ['apiKey'] });
      const rekeyed = value(
        await updateProvider(store, box, 'ws-a', moved.id, { baseUrl: 'https://d.example', apiKey: 'sk-x' }),
      );
      expect(rekeyed.dropped).toEqual([]);
      expect(value(openProviderSecrets(box, rekeyed)).apiKey).toBe('sk-x');
      await store.close();
    });

    it('seeds a model config file idempotently, upserting by name', async () => {
      const store = await setup();
      const yaml = (key: string, max: string) => `
providers:
  - name: openai
    kind: openai
    api_key: \${OPENAI_API_KEY}
    rate_limit_rpm: 500
models:
  - name: gpt-4o-mini
    provider: openai
    model: gpt-4o-mini
    param_config:
      param_schemas:
        - { name: temperature, type: float, min: "0", max: "${max}", default_val: "0.7" }
  - id: 1
    name: doubao
    frame: eino
    protocol: ark
    protocol_config:
      api_key: "ark-\${ARK_SUFFIX:-default}"
      model: ep-2025-doubao
    ability: { max_context_tokens: 32768 }
`;
      const env = (key: string) => (n: string) => ({ OPENAI_API_KEY: key })[n];
      const seed = (key: string, max: string) => {
        const loaded = loadModelConfig(yaml(key, max), env(key));
        if (!loaded.ok) throw loaded.error;
        return seedModels(store, box, 'ws-a', loaded.value);
      };
      const first = await seed('sk-first-key-0000000001', '1.0');
      expect(first.providers.created.sort()).toEqual(['doubao', 'openai']);
      expect(first.models.created.sort()).toEqual(['doubao', 'gpt-4o-mini']);
      const before = await store.query('SELECT id, updated_at FROM model_providers ORDER BY name');
      const again = await seed('sk-first-key-0000000001', '1.0');
      expect(again.providers).toEqual({ created: [], updated: [], unchanged: ['openai', 'doubao'] });
      expect(again.models).toEqual({ created: [], updated: [], unchanged: ['gpt-4o-mini', 'doubao'] });
      expect(await store.query('SELECT id, updated_at FROM model_providers ORDER BY name')).toEqual(before);

      const changed = await seed('sk-second-key-000000002', '2');
      expect(changed.providers.updated).toEqual(['openai']);
      expect(changed.models.updated).toEqual(['gpt-4o-mini']);
      const openai = (await listProviders(store, 'ws-a')).find((p) => p.name === 'openai');
      expect(openai && value(openProviderSecrets(box, openai)).apiKey).toBe('sk-second-key-000000002');
      const doubao = (await listProviders(store, 'ws-a')).find((p) => p.name === 'doubao');
      expect(doubao).toMatchObject({
        kind: 'openai',
        vendor: 'volcengine.ark',
        baseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
      });
      expect(doubao && value(openProviderSecrets(box, doubao)).apiKey).toBe('ark-default');
      expect(await resolveModel(store, 'ws-a', 'doubao')).toMatchObject({
        model: 'ep-2025-doubao',
        contextWindow: 32768,
      });
      expect((await resolveModel(store, 'ws-a', 'gpt-4o-mini'))?.paramSchema).toEqual([
        { name: 'temperature', type: 'float', min: 0, max: 2, default: 0.7 },
      ]);
      expect(JSON.stringify(await store.query('SELECT * FROM model_providers'))).not.toContain(
        'sk-second-key',
      );
      await store.close();
    });
  });
