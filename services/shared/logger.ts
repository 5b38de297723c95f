import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export const createLogger = (config: Pick<Config, 'LOG_LEVEL'>, name = 'moneyrooms'): Logger =>
  pino({ name, level: config.LOG_LEVEL, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
