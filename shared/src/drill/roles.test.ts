import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../scenario/parse.ts';
import { certificates, parseRolePaths, unknownDrills } from './roles.ts';

const dir = join(import.meta.dirname, '../../../scenarios/drills');

describe('learning paths per role', () => {
  it('the shipped paths/roles.yaml loads and names only drills of the library', () => {
    const r = parseRolePaths(readFileSync(join(dir, 'paths/roles.yaml'), 'utf8'), 'drills/paths/roles.yaml');
    expect(r.ok ? [] : r.errors.map(formatScenarioError)).toEqual([]);
    if (!r.ok) return;
    expect(r.value.roles.map((x) => x.id)).toEqual(['counter-engineer', 'gateway-engineer', 'dba', 'project-lead']);
    const ids = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.replace(/\.yaml$/, '')),
    );
    expect(unknownDrills(r.value, ids)).toEqual([]);
  });

  it('says where a path is wrong: line and column, an unreachable pass mark, a drill listed twice', () => {
    const text = [
      'schemaVersion: 1',
      'roles:',
      '  - id: dba',
      '    title: DBA',
      '    pass: 99',
      '    drills:',
      '      - { drill: dr-failover, points: 20 }',
      '      - { drill: dr-failover, points: 10 }',
      '',
    ].join('\n');
    const r = parseRolePaths(text, 'paths.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const shown = r.errors.map(formatScenarioError).join('\n');
    expect(shown).toMatch(/paths\.yaml:5:\d+.*only 30/);
    expect(shown).toMatch(/paths\.yaml:8:\d+.*listed twice/);
  });

  it('earns points for passed drills only and certifies when every required drill is passed and the points reach pass', () => {
    const r = parseRolePaths(readFileSync(join(dir, 'paths/roles.yaml'), 'utf8'), 'drills/paths/roles.yaml');
    if (!r.ok) throw new Error('paths/roles.yaml does not load');
    const progress = new Map([
      ['gateway-crash', { passed: true, bestScore: 100, attempts: 2 }],
      ['gateway-resync', { passed: true, bestScore: 85, attempts: 1 }],
      ['opening-surge', { passed: false, bestScore: 40, attempts: 3 }],
    ]);
    const byRole = new Map(certificates(r.value, progress).map((c) => [c.role, c]));
    expect(byRole.get('gateway-engineer')).toMatchObject({ points: 30, pass: 40, total: 90, certified: false, missing: [] });
    expect(byRole.get('gateway-engineer')!.drills.find((d) => d.drill === 'opening-surge')).toMatchObject({ earned: 0, bestScore: 40, attempts: 3 });
    progress.set('opening-surge', { passed: true, bestScore: 90, attempts: 4 });
    expect(certificates(r.value, progress).find((c) => c.role === 'gateway-engineer')).toMatchObject({ points: 50, certified: true });
    // Points alone are not enough: a required drill missing keeps the certificate back.
    expect(certificates(r.value, progress).find((c) => c.role === 'project-lead')).toMatchObject({ points: 10, certified: false, missing: ['weekend-upgrade-no-go'] });
  });
});
