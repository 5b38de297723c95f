// SMS providers. Dev mode keeps codes in a sink the dev route reads; otherwise codes go to the
// configured provider (only a log-only provider exists so far: a real gateway is a TODO for the
// seed-app facades issue, and the log never prints the code).
import type { CoreLog, DevSmsSink, SmsProvider } from './core.js';

export const devSmsSink = (): DevSmsSink => {
  const latest = new Map<string, string>();
  return {
    async send(phone, text) {
      const code = /\b(\d{6})\b/.exec(text)?.[1];
      if (code) latest.set(phone, code);
    },
    latest: (phone) => latest.get(phone) ?? null,
  };
};

export const logSms = (log: CoreLog): SmsProvider => ({
  async send(phone) {
    log.warn({ phone: phone.replace(/.(?=.{4})/g, '*') }, 'no SMS gateway configured; code not delivered');
  },
});
