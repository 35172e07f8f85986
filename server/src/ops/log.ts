import pino from 'pino';

/**
 * Structured logs through pino: one JSON object per line on stderr ({time, level, msg, instance,
 * …fields}), so a log collector (Loki, Elasticsearch, CloudWatch) can filter by session, instance
 * or event without parsing prose. LOG_LEVEL (debug, info, warn, error) drops what is below it;
 * an `err` field carries the error's type, message and stack. TWINLAB_LOG_FORMAT=text writes
 * plain lines for a developer's terminal.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];
export type Fields = Record<string, unknown>;

export interface Logger {
  log(level: Level, msg: string, fields?: Fields): void;
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

/** A JSON line from pino as `level: msg (k=v …)`, the stack on the lines after. */
function textLine(json: string): string {
  const { level, msg, time: _t, err, ...rest } = JSON.parse(json) as { level: string; msg: string; time: string; err?: { stack?: string } } & Fields;
  const extra = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  return `${level}: ${msg}${extra ? ` (${extra})` : ''}${err?.stack ? `\n${err.stack}` : ''}`;
}

export function createLogger(format: 'json' | 'text', base: Fields = {}, write: (line: string) => void = (l) => process.stderr.write(l + '\n'), level: Level = 'info'): Logger {
  const stream = { write: (line: string) => write(format === 'text' ? textLine(line) : line.replace(/\n$/, '')) };
  const p = pino(
    {
      level,
      base,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  );
  const log = (lvl: Level, msg: string, fields: Fields = {}) => p[lvl](fields, msg);
  return { log, debug: (m, f) => log('debug', m, f), info: (m, f) => log('info', m, f), warn: (m, f) => log('warn', m, f), error: (m, f) => log('error', m, f) };
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
