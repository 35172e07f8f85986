/**
 * Structured logs: one JSON object per line on stderr ({time, level, msg, ...fields}), so a log
 * collector (Loki, Elasticsearch, CloudWatch) can filter by session, instance or event without
 * parsing prose. TWINLAB_LOG_FORMAT=text keeps plain lines for a developer's terminal.
 */
export type Level = 'info' | 'warn' | 'error';
export type Fields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: Level, msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

export function createLogger(format: 'json' | 'text', base: Fields = {}, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const log = (level: Level, msg: string, fields: Fields = {}) => {
    if (format === 'text') {
      const extra = Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
      write(`${level}: ${msg}${extra ? ` (${extra})` : ''}`);
    } else {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }));
    }
  };
  return { log, info: (m, f) => log('info', m, f), warn: (m, f) => log('warn', m, f), error: (m, f) => log('error', m, f) };
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
