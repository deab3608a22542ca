import type { LoggerSettings } from './create-logger.js';

interface PlatformLogSettings {
  readonly APP: string;
  readonly ENVIRONMENT: string;
  readonly LOG_LEVEL: string;
  readonly PROCESS_ID?: string | undefined;
  readonly LOG_PATH?: string | undefined;
  readonly LOG_ROTATE_SIZE?: string | undefined;
  readonly LOG_ROTATE_FREQUENCY?: 'daily' | 'hourly' | undefined;
  readonly LOG_ROTATE_KEEP?: number | undefined;
}

/** The logger's slice of an app's settings. */
export function loggerSettingsFrom(settings: PlatformLogSettings): LoggerSettings {
  return {
    app: settings.APP,
    environment: settings.ENVIRONMENT,
    level: settings.LOG_LEVEL,
    processId: settings.PROCESS_ID,
    logPath: settings.LOG_PATH,
    rotateSize: settings.LOG_ROTATE_SIZE,
    rotateFrequency: settings.LOG_ROTATE_FREQUENCY,
    rotateKeep: settings.LOG_ROTATE_KEEP,
  };
}
