import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
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

/**
 * The fields that matter for operating TwinLab, checked with zod (no Kubernetes schema package on
 * npm validates offline): each manifest must have them, with the values the server and the image
 * need. A typo in a field name fails here instead of being ignored by the API server.
 */
describe('the hardening of the Kubernetes manifests', () => {
  const labels = z.object({ 'app.kubernetes.io/name': z.literal('twinlab') });
  const PodSecurity = z
    .object({ runAsNonRoot: z.literal(true), runAsUser: z.literal(1000), runAsGroup: z.literal(1000), fsGroup: z.literal(1000), seccompProfile: z.object({ type: z.literal('RuntimeDefault') }) })
    .strict();
  const ContainerSecurity = z.object({ allowPrivilegeEscalation: z.literal(false), readOnlyRootFilesystem: z.literal(true), capabilities: z.object({ drop: z.tuple([z.literal('ALL')]) }) }).strict();
  const Spread = z
    .object({
      maxSkew: z.literal(1),
      topologyKey: z.enum(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']),
      whenUnsatisfiable: z.enum(['ScheduleAnyway', 'DoNotSchedule']),
      labelSelector: z.object({ matchLabels: labels }),
    })
    .strict();
  const Deployment = z.object({
    apiVersion: z.literal('apps/v1'),
    kind: z.literal('Deployment'),
    spec: z.object({
      selector: z.object({ matchLabels: labels }),
      template: z.object({
        metadata: z.object({ labels }),
        spec: z.object({
          automountServiceAccountToken: z.literal(false),
          securityContext: PodSecurity,
          topologySpreadConstraints: z.array(Spread).length(2),
          containers: z.array(
            z.object({
              securityContext: ContainerSecurity,
              resources: z.object({ requests: z.object({ cpu: z.string().regex(/^\d+m?$/), memory: z.string() }), limits: z.object({ memory: z.string() }) }),
              volumeMounts: z.array(z.object({ name: z.string(), mountPath: z.string() })),
            }),
          ),
          volumes: z.array(z.object({ name: z.string(), emptyDir: z.object({ sizeLimit: z.string() }) })),
        }),
      }),
    }),
  });
  const Hpa = z.object({
    apiVersion: z.literal('autoscaling/v2'),
    kind: z.literal('HorizontalPodAutoscaler'),
    spec: z.object({
      scaleTargetRef: z.object({ apiVersion: z.literal('apps/v1'), kind: z.literal('Deployment'), name: z.literal('twinlab') }).strict(),
      minReplicas: z.int().min(2),
      maxReplicas: z.int(),
      metrics: z.tuple([
        z
          .object({
            type: z.literal('Resource'),
            resource: z.object({ name: z.literal('cpu'), target: z.object({ type: z.literal('Utilization'), averageUtilization: z.int().min(1).max(100) }).strict() }).strict(),
          })
          .strict(),
      ]),
      behavior: z.object({ scaleDown: z.object({ stabilizationWindowSeconds: z.int().min(60) }).loose() }),
    }),
  });
  const Port = z.object({ protocol: z.enum(['TCP', 'UDP']), port: z.int() }).strict();
  const Peer = z.object({ namespaceSelector: z.object({ matchLabels: z.record(z.string(), z.string()) }) }).strict();
  const Policy = z.object({
    apiVersion: z.literal('networking.k8s.io/v1'),
    kind: z.literal('NetworkPolicy'),
    spec: z
      .object({
        podSelector: z.object({ matchLabels: labels }),
        policyTypes: z.tuple([z.literal('Ingress'), z.literal('Egress')]),
        ingress: z.array(z.object({ from: z.array(Peer), ports: z.array(Port) }).strict()),
        egress: z.array(z.object({ to: z.array(Peer), ports: z.array(Port) }).strict()),
      })
      .strict(),
  });
  const parsed = <S extends z.ZodType>(schema: S, file: string): z.infer<S> => {
    const r = schema.safeParse(parse(read(file)));
    expect(r.error?.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`) ?? []).toEqual([]);
    return r.data as z.infer<S>;
  };

  it('run as a non-root user the image has, on a read-only root filesystem, writable only where the server writes', () => {
    const d = parsed(Deployment, './deployment.yaml');
    const pod = d.spec.template.spec;
    const c = pod.containers[0]!;
    expect(read('../Dockerfile')).toMatch(new RegExp(`^USER ${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}$`, 'm'));
    // DATA_DIR (the image sets /data) and /tmp are volumes; nothing else is writable.
    expect(read('../Dockerfile')).toMatch(/DATA_DIR=\/data/);
    expect(c.volumeMounts.map((m) => m.mountPath).sort()).toEqual(['/data', '/tmp']);
    expect(c.volumeMounts.map((m) => m.name).sort()).toEqual(pod.volumes.map((v) => v.name).sort());
  });

  it('scale on CPU between a floor the disruption budget allows and a ceiling, for a container that requests CPU', () => {
    const hpa = parsed(Hpa, './hpa.yaml');
    const pdb = parse(read('./pdb.yaml')) as { spec: { minAvailable: number } };
    expect(hpa.spec.minReplicas).toBeGreaterThan(pdb.spec.minAvailable);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    // Utilization is a share of the request: without one the HPA cannot compute it.
    expect(parsed(Deployment, './deployment.yaml').spec.template.spec.containers[0]!.resources.requests.cpu).toBeTruthy();
    // The HPA owns the replica count: a count in the Deployment would reset it at every apply.
    expect(parse(read('./deployment.yaml')).spec.replicas).toBeUndefined();
  });

  it('let traffic reach the HTTP port and the pods reach PostgreSQL, Redis and DNS only', () => {
    const np = parsed(Policy, './networkpolicy.yaml');
    expect(np.spec.ingress.flatMap((r) => r.ports.map((p) => p.port))).toEqual([Number(configMap.PORT)]);
    const egress = np.spec.egress.flatMap((r) => r.ports.map((p) => `${p.protocol}/${p.port}`)).sort();
    const portOf = (url: string) => new URL(url).port;
    expect(egress).toEqual([`TCP/${portOf(secret.TWINLAB_DATABASE_URL!)}`, `TCP/${portOf(configMap.TWINLAB_REDIS_URL!)}`, 'TCP/53', 'UDP/53'].sort());
    // The data services' namespace is the one the URLs name.
    const dataNs = np.spec.egress[0]!.to[0]!.namespaceSelector.matchLabels['kubernetes.io/metadata.name'];
    expect(new URL(configMap.TWINLAB_REDIS_URL!).hostname).toContain(`.${dataNs}.svc`);
    expect(new URL(secret.TWINLAB_DATABASE_URL!).hostname).toContain(`.${dataNs}.svc`);
  });

  it('apply every manifest of the folder with kustomize, except the example secret', () => {
    const k = parse(read('./kustomization.yaml')) as { resources: string[] };
    const files = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'secret.example.yaml');
    expect([...k.resources].sort()).toEqual(files.sort());
  });
});

describe('the hardening of the compose file', () => {
  const Instance = z.object({
    user: z.literal('1000:1000'),
    read_only: z.literal(true),
    tmpfs: z.tuple([z.literal('/tmp')]),
    security_opt: z.array(z.string()).refine((o) => o.includes('no-new-privileges:true'), 'no-new-privileges:true'),
    cap_drop: z.tuple([z.literal('ALL')]),
    volumes: z.tuple([z.string().regex(/^[a-z][\w-]*:\/data$/, 'a named volume at /data (DATA_DIR)')]),
  });
  const compose = parse(read('../compose.yaml'), { merge: true }) as { services: Record<string, unknown>; volumes: Record<string, unknown> };

  it('gives each instance a named data volume, a read-only root filesystem and no privileges', () => {
    for (const name of ['twinlab-a', 'twinlab-b']) {
      const r = Instance.safeParse(compose.services[name]);
      expect(r.error?.issues.map((i) => `${name}: ${i.path.join('.')}: ${i.message}`) ?? []).toEqual([]);
      const volume = r.data!.volumes[0].split(':')[0]!;
      expect(Object.keys(compose.volumes), `${name}'s volume is declared`).toContain(volume);
    }
  });
});
