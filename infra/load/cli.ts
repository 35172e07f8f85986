/**
 * The load generator against a running deployment (compose, Kubernetes, a staging server):
 *
 *   npm run load -w @twinlab/infra -- --url http://localhost:8080 [--sync http://a:8080,http://b:8080]
 *       [--sessions 50] [--participants 20] [--rate 20] [--seconds 30] [--scenario chain-5hop]
 *
 * It creates its own sessions (they stay in the deployment's storage, titled "load N"). Exit code 1
 * when anything was lost or refused.
 */
import { parseArgs } from 'node:util';
import { runLoad } from './generator.ts';
import { table } from './report.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    sync: { type: 'string' },
    sessions: { type: 'string', default: '50' },
    participants: { type: 'string', default: '20' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    scenario: { type: 'string', default: 'chain-5hop' },
  },
});

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} ${raw}: expected a positive number`);
    process.exit(2);
  }
  return n;
}

if (!values.url) {
  console.error('--url is required: the base URL of the deployment, e.g. --url http://localhost:8080');
  process.exit(2);
}
const result = await runLoad({
  apiUrl: values.url,
  syncUrls: values.sync ? values.sync.split(',') : [values.url],
  sessions: positive('sessions', values.sessions),
  participantsPerSession: positive('participants', values.participants),
  commandsPerSecond: positive('rate', values.rate),
  seconds: positive('seconds', values.seconds),
  warmupSeconds: 3,
  drainSeconds: 10,
  scenarioId: values.scenario,
  seed: 42,
  log: (l) => console.log(l),
});
console.log('\n' + table([{ setup: values.url, r: result }]));
if (result.refusals.length) console.log(`refusals: ${result.refusals.join(' | ')}`);
process.exit(result.lost === 0 && result.refused === 0 ? 0 : 1);
