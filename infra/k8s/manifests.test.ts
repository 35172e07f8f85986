import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createApp } from '../../server/src/app.ts';
import { readConfig } from '../../server/src/config.ts';
import { testServices } from '../../server/test/support/services.ts';

const read = (p: string) => readFileSync(fileURLToPath(new URL(p, import.meta.url)), 'utf8');

interface Container {
  ports: { name: string; containerPort: number }[];
  env: { name: string }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  startupProbe: { httpGet: { path: string; port: string } };
}

const deployment = parse(read('./deployment.yaml')) as { spec: { template: { spec: { containers: Container[] } } } };
const container = deployment.spec.template.spec.containers[0]!;
const configMap = (parse(read('./configmap.yaml')) as { data: Record<string, string> }).data;
const secret = (parse(read('./secret.example.yaml')) as { stringData: Record<string, string> }).stringData;

describe('the Kubernetes manifests', () => {
  it('probe routes the server answers, on the port it listens on', async () => {
    const app = createApp(testServices({ now: 1_790_000_000_000 }));
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
      const res = await app.request(probe.httpGet.path);
      expect(res.status, probe.httpGet.path).toBe(200);
      expect(container.ports.find((p) => p.name === probe.httpGet.port)?.containerPort).toBe(Number(configMap.PORT));
    }
  });

  it('configure scale-out with values the server accepts, and nothing it ignores', () => {
    // The example leaves TWINLAB_SECRET empty on purpose (a published key is no key): the operator generates one.
    expect(secret.TWINLAB_SECRET).toBe('');
    const env = { ...configMap, ...secret, TWINLAB_SECRET: 'k'.repeat(44), TWINLAB_INSTANCE_ID: 'twinlab-7d9f-abcde' };
    const config = readConfig(env);
    expect(config).toMatchObject({ port: 8080, redisUrl: configMap.TWINLAB_REDIS_URL, databaseUrl: secret.TWINLAB_DATABASE_URL, instanceId: 'twinlab-7d9f-abcde', logFormat: 'json' });
    // A misspelt key would be silently ignored by the server: every key must be one it reads.
    const source = read('../../server/src/config.ts') + read('../../server/src/sync/room.ts');
    for (const key of [...Object.keys(env), ...container.env.map((e) => e.name)]) expect(source, key).toMatch(new RegExp(`\\b${key}\\b`));
  });

  it('refuse to start instances that could not share sessions', () => {
    expect(() => readConfig({ TWINLAB_REDIS_URL: 'redis://r:6379', TWINLAB_SECRET: 'x'.repeat(40) })).toThrow(/TWINLAB_REDIS_URL needs TWINLAB_DATABASE_URL/);
    expect(() => readConfig({ TWINLAB_REDIS_URL: 'redis://r:6379', TWINLAB_DATABASE_URL: 'postgres://p/db' })).toThrow(/needs TWINLAB_SECRET/);
    expect(() => readConfig({ TWINLAB_DATABASE_URL: 'mysql://p/db' })).toThrow(/TWINLAB_DATABASE_URL: expected postgres:\/\//);
  });
});

describe('the compose file', () => {
  const compose = parse(read('../compose.yaml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
  // What `docker compose` substitutes for ${VAR:-default} and ${VAR:?message} with TWINLAB_SECRET set.
  const substitute = (v: string) => v.replace(/\$\{(\w+)(?::[-?]([^}]*))?\}/g, (_m, name: string, dflt: string | undefined) => (name === 'TWINLAB_SECRET' ? 's'.repeat(44) : (dflt ?? '')));

  it('runs two instances that share one PostgreSQL, one Redis and one secret, under their own names', () => {
    const instances = ['twinlab-a', 'twinlab-b'].map((name) => {
      const env = Object.fromEntries(Object.entries(compose.services[name]!.environment!).map(([k, v]) => [k, substitute(String(v))]));
      return readConfig(env);
    });
    const [a, b] = instances as [ReturnType<typeof readConfig>, ReturnType<typeof readConfig>];
    expect(a.databaseUrl).toMatch(/^postgres:\/\/twinlab:twinlab@postgres:5432\/twinlab$/);
    expect(a.redisUrl).toBe('redis://redis:6379');
    expect([b.databaseUrl, b.redisUrl, b.secret]).toEqual([a.databaseUrl, a.redisUrl, a.secret]);
    expect(a.instanceId).not.toBe(b.instanceId);
    expect(Object.keys(compose.services).sort()).toEqual(['lb', 'postgres', 'redis', 'twinlab-a', 'twinlab-b']);
  });
});
