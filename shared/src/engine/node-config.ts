import type { Model } from './compile.ts';
import type { ConfigEntry, SimState } from './state.ts';

type ConfigValue = ConfigEntry[1];

/**
 * A node's configuration as it stands now. `set_config` commands and planted `config_error` faults
 * append overrides to s.nodeConfig[n] in the order they happen, and the last one for a key wins;
 * a key nobody overrode reads as the scenario file's node config. The one place this rule lives.
 */
export function configOverride(s: SimState, n: number, key: string): ConfigValue | undefined {
  const entries = s.nodeConfig[n]!;
  let v: ConfigValue | undefined;
  for (let i = 0; i < entries.length; i++) if (entries[i]![0] === key) v = entries[i]![1];
  return v;
}

/** The value in force: the last override, else the scenario file's. */
export function nodeConfigValue(m: Model, s: SimState, n: number, key: string): ConfigValue | undefined {
  const v = configOverride(s, n, key);
  return v !== undefined ? v : m.scenario.nodes[n]!.config[key];
}

/** A switch-like config value read as on (true, 'true', 'on', 1) or off (false, 'false', 'off', 0); anything else is neither. */
export const isOn = (v: unknown): boolean => v === true || v === 'true' || v === 'on' || v === 1;
export const isOff = (v: unknown): boolean => v === false || v === 'false' || v === 'off' || v === 0;
