import type { Child } from 'hono/jsx';
import { jsxRenderer } from 'hono/jsx-renderer';
import type { AppEnv, SessionUser } from '../api/env.ts';
import { roleHas } from '../api/permissions.ts';
import type { Locale, Translate } from './i18n.ts';

/** The API's environment plus what the dashboard sets on every request before rendering. */
export interface DashboardEnv {
  Variables: AppEnv['Variables'] & {
    locale: Locale;
    t: Translate;
  };
}

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string }): Response | Promise<Response>;
  }
}

/** Flash messages are fixed keys mapped to labels, so a query string can never inject text. */
export const FLASH_KEYS = [
  'saved',
  'conflict',
  'forbidden',
  'invalid',
  'notFound',
  'enqueued',
  'notEnqueued',
] as const;
export type FlashKey = (typeof FLASH_KEYS)[number];
const ERROR_FLASHES: ReadonlySet<FlashKey> = new Set([
  'conflict',
  'forbidden',
  'invalid',
  'notFound',
  'notEnqueued',
]);

function Flash(props: { flash: string | undefined; t: Translate }) {
  const key = FLASH_KEYS.find((k) => k === props.flash);
  if (!key) return null;
  return (
    <p class={ERROR_FLASHES.has(key) ? 'flash error' : 'flash'} role="status" data-testid="flash">
      {props.t(key)}
    </p>
  );
}

function Nav(props: { viewer: SessionUser; t: Translate; path: string }) {
  const { viewer, t } = props;
  // Only links the permission table lets this role follow (liaison officers have no queue).
  const links: { href: string; label: string }[] = [];
  if (viewer.role !== 'liaison') links.push({ href: '/', label: t('navQueue') });
  if (roleHas(viewer.role, 'alerts:acknowledge')) links.push({ href: '/liaison', label: t('navLiaison') });
  if (roleHas(viewer.role, 'sources:read')) links.push({ href: '/sources', label: t('navSources') });
  return (
    <nav aria-label="main">
      {links.map((l) => (
        <a href={l.href} aria-current={props.path === l.href ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}

function LangSwitch(props: { locale: Locale; t: Translate; path: string }) {
  return (
    <form method="post" action="/lang">
      <input type="hidden" name="next" value={props.path} />
      <label>
        <span class="skip">{props.t('language')}</span>
        <select name="lang" id="lang-select" aria-label={props.t('language')}>
          <option value="fr" selected={props.locale === 'fr'}>
            FR
          </option>
          <option value="en" selected={props.locale === 'en'}>
            EN
          </option>
        </select>
      </label>
      <noscript>
        <button type="submit">OK</button>
      </noscript>
    </form>
  );
}

/** The page shell: doctype, same-origin CSS and JS, navigation, language switch, flash message. */
export const layout = jsxRenderer<DashboardEnv>(
  ({ children, title }, c) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const viewer = c.get('user');
    const path = new URL(c.req.url).pathname;
    return (
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{`${title} · ${t('appName')}`}</title>
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/app.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#content">
            {t('skipToContent')}
          </a>
          <header class="top">
            <a class="brand" href="/">
              {t('appName')}
            </a>
            {viewer ? <Nav viewer={viewer} t={t} path={path} /> : <nav />}
            <LangSwitch locale={locale} t={t} path={path} />
            {viewer ? (
              <>
                <span class="muted" data-testid="viewer">
                  {t('signedInAs')} {viewer.username} ({viewer.role})
                </span>
                <form method="post" action="/logout">
                  <button type="submit" class="link">
                    {t('logout')}
                  </button>
                </form>
              </>
            ) : null}
          </header>
          <main id="content">
            <Flash flash={c.req.query('msg')} t={t} />
            {children as Child}
          </main>
        </body>
      </html>
    );
  },
  { docType: true },
);
